/** A Server-Sent Events client for tests, over real HTTP. */

export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** Opens a thread's event stream and collects its events; `next` waits (bounded) for the next one of a kind. */
export async function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: Array<() => void> = [];
  let comments = 0;
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (block.startsWith(":")) comments++;
          const e: SseEvent = { event: "message", data: "" };
          for (const line of block.split("\n")) {
            const [k, ...rest] = line.split(": ");
            const v = rest.join(": ");
            if (k === "event") e.event = v;
            else if (k === "id") e.id = v;
            else if (k === "data") e.data = v;
          }
          if (e.data !== "" || e.event !== "message") events.push(e);
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    res,
    events,
    heartbeats: () => comments,
    /** Settles when the server ends the stream. */
    ended: pump,
    async next(kind: string, timeoutMs = 3000): Promise<SseEvent> {
      const started = Date.now();
      for (;;) {
        const found = events.find((e) => e.event === kind);
        if (found) {
          events.splice(events.indexOf(found), 1);
          return found;
        }
        if (Date.now() - started > timeoutMs) throw new Error(`no ${kind} event within ${timeoutMs} ms (got ${events.map((e) => e.event).join(", ")})`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

