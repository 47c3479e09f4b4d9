/**
 * A per-request slot in otherwise cached output: NUL + name + NUL. NUL never appears in escaped
 * HTML text nor in JSON output, so the cut is unambiguous (see http/cache/slotted.ts).
 */
export const slot = (name: string): string => `\u0000${name}\u0000`;
