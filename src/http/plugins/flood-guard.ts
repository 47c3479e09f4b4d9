import type { FastifyRequest } from "fastify";
import { checkFlood, FloodError, type FloodAction } from "../../domain/moderation/flood-control.js";
import type { FloodGate } from "./flood-gate.js";
import type { Metrics } from "../metrics.js";
import { hashNetwork } from "../../domain/moderation/network.js";
import type { AppDeps } from "../deps.js";

type FloodDeps = Pick<AppDeps, "rateCounter" | "clock" | "floodLimits" | "hasher" | "networkSecret">;

declare module "fastify" {
  interface FastifyRequest {
    /** Set by floodCount when this attempt was over a limit. */
    floodRefusal: FloodError | null;
  }
  interface FastifyInstance {
    /** Networks known to be over a limit, turned away before the lifecycle (see flood-gate.ts). */
    floodGate: FloodGate | null;
    metrics: Metrics | null;
  }
}

/**
 * An onRequest hook counting one attempt at `action` against the client's network and account,
 * before the body is even parsed (a flood of malformed bodies counts too): over the limit, 429 with
 * Retry-After, and the network is remembered by the flood gate until its window ends.
 */
export function floodGuard(deps: FloodDeps, action: FloodAction) {
  const count = floodCount(deps, action);
  return Object.assign(
    async (req: FastifyRequest): Promise<void> => {
      await count(req);
      if (req.floodRefusal) throw req.floodRefusal;
    },
    { [FLOOD_ACTION]: action },
  );
}

/**
 * Marks a guard with its action: the flood gate learns which routes are limited from the routes
 * themselves as they are registered (a route's `onRequest` with a guard), so the two never differ.
 */
export const FLOOD_ACTION = Symbol("flood action");

/** The limited action an onRequest hook stands for, if it is one of ours. */
export function floodActionOfHook(hook: unknown): FloodAction | undefined {
  return typeof hook === "function" && FLOOD_ACTION in hook ? (hook as unknown as Record<typeof FLOOD_ACTION, FloodAction>)[FLOOD_ACTION] : undefined;
}

/**
 * The same count, but the refusal is left on the request for the handler to raise inside its own
 * error handling: a plain form then comes back with the reader's text and the problem named.
 */
export function floodCount(deps: FloodDeps, action: FloodAction) {
  return Object.assign(async (req: FastifyRequest): Promise<void> => {
    try {
      await checkFlood(deps, action, { networkHash: hashNetwork(deps.hasher, deps.networkSecret, req.ip), userId: req.user?.id });
    } catch (err) {
      if (!(err instanceof FloodError)) throw err;
      if (err.scope === "network") req.server.floodGate?.block(action, req.ip, err.resetAt);
      req.server.metrics?.floodRefusals.inc();
      req.floodRefusal = err;
    }
  }, { [FLOOD_ACTION]: action });
}
