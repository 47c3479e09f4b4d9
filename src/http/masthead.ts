import type { FastifyInstance, FastifyRequest } from "fastify";
import { can } from "../domain/users/policies.js";
import { accountLinks } from "../views/masthead.js";
import { slot } from "../views/slot.js";
import type { AppDeps } from "./deps.js";

const MARKER = Buffer.from(slot("account"), "utf8");

/**
 * Fills the masthead's account slot of every HTML page Fastify sends: the sign-in links, or the
 * viewer's account, and for staff the editor and the moderation queue with its pending count.
 * (The fast path, for readers without cookies, fills it itself with the readers' links.)
 */
export function registerMastheadAccount(app: FastifyInstance, deps: Pick<AppDeps, "moderation">): void {
  app.addHook("onSend", async (req, reply, payload) => {
    if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
    if (!String(reply.getHeader("content-type") ?? "").startsWith("text/html")) return payload;
    const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
    const at = body.indexOf(MARKER);
    if (at < 0) return payload;
    const links = Buffer.from(await linksFor(req, deps), "utf8");
    return Buffer.concat([body.subarray(0, at), links, body.subarray(at + MARKER.length)]);
  });
}

async function linksFor(req: FastifyRequest, deps: Pick<AppDeps, "moderation">): Promise<string> {
  const user = req.user ?? null;
  if (!user || !can.moderateComments(user)) return accountLinks(user);
  const counts = await deps.moderation.queueCounts().catch(() => undefined);
  return accountLinks(user, counts?.pending);
}
