import type { FastifyRequest } from "fastify";
import { checkFlood, FloodError, type FloodAction } from "../../domain/moderation/flood-control.js";
import type { FloodGate } from "./flood-gate.js";
import { hashNetwork } from "../../domain/moderation/network.js";
import type { AppDeps } from "../deps.js";

type FloodDeps = Pick<AppDeps, "rateCounter" | "clock" | "floodLimits" | "hasher" | "networkSecret">;

declare module "fastify" {
  interface FastifyInstance {
    /** Networks known to be over a limit, turned away before the lifecycle (see flood-gate.ts). */
    floodGate: FloodGate | null;
  }
}

/**
 * A preHandler counting one attempt at `action` against the client's network and account, before
 * any other work: a flood is turned away with 429 and Retry-After for the price of one counter.
 */
export function floodGuard(deps: FloodDeps, action: FloodAction) {
  return async (req: FastifyRequest): Promise<void> => {
    try {
      await checkFlood(deps, action, { networkHash: hashNetwork(deps.hasher, deps.networkSecret, req.ip), userId: req.user?.id });
    } catch (err) {
      if (err instanceof FloodError && err.scope === "network") req.server.floodGate?.block(action, req.ip, err.resetAt);
      throw err;
    }
  };
}
