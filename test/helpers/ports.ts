import net from "node:net";

/**
 * A port nobody listens on now, chosen by the OS (listen on 0). A random number in 20000–40000
 * was not safe: that range overlaps the ephemeral ports the OS hands to outgoing connections
 * (to PostgreSQL, Redis, our own HTTP clients), so a child server could find its port taken.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
