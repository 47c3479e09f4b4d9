/**
 * pino options for the server: JSON lines at the configured level, with the headers that carry
 * credentials (session cookie, edit tokens, bearer tokens) replaced by "[Redacted]" wherever a line
 * includes a request. Query strings never reach a line (request-ids.ts logs the path only).
 */
export function logOptions(level: string, stream?: { write(line: string): void }): object {
  return {
    level,
    redact: ["req.headers.cookie", 'req.headers["x-edit-token"]', "req.headers.authorization", 'res.headers["set-cookie"]'],
    ...(stream ? { stream } : {}),
  };
}
