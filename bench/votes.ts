// Votes under load (issue 13): how many a second one SQLite server takes, and what a vote load does
// to the post page readers are reading at the same time. Every vote of every run is new: each run's
// voters are reader addresses of their own (a first octet per run), each voting on all 200 comments.
import fs from "node:fs";
import path from "node:path";
import { measureLoad, voteLoadAsync, writeScript, type LoadResult, type Row } from "./tools.js";

export interface VotesResult {
  /** Closed loop at saturation. */
  votes: Row;
  /** The post page (200 comments, votes on them shown) alone, then while votes arrive at `rate`/s. */
  pageAlone: Row;
  pageUnderVotes: Row;
  /** What the vote load achieved while the page was measured. */
  load: LoadResult;
  rate: number;
}

/** wrk script: the n-th request is reader ⌊n / 200⌋'s vote on comment n mod 200, up or down. */
function voteScript(dir: string, base: string, ids: readonly number[], firstOctet: number): string {
  return writeScript(
    dir,
    `votes-${firstOctet}.lua`,
    `local ids = {${ids.join(",")}}
local n = 0
request = function()
  local reader = math.floor(n / #ids)
  local id = ids[n % #ids + 1]
  local value = ((n + reader) % 3 == 0) and "-1" or "1"
  n = n + 1
  local ip = "${firstOctet}." .. (math.floor(reader / 65536) % 256) .. "." .. (math.floor(reader / 256) % 256) .. "." .. (reader % 256)
  return wrk.format("POST", "/api/v1/comments/" .. id .. "/vote", { ["Content-Type"] = "application/json", ["Origin"] = "${base}", ["X-Forwarded-For"] = ip }, '{"value":' .. value .. '}')
end
`,
  );
}

export async function votesRun(o: { work: string; base: string; pid: number; pageUrl: string; pageScript: string; ids: readonly number[]; seconds: number; connections: number; rate: number }): Promise<VotesResult> {
  const votes = measureLoad("(r) votes, via proxy", o.pid, `${o.base}/api/v1/comments/0/vote`, {
    seconds: o.seconds,
    connections: o.connections,
    script: (phase) => voteScript(o.work, o.base, o.ids, phase === "run" ? 11 : 172),
  });
  const pageAlone = measureLoad("(s) post page, no votes arriving", o.pid, o.pageUrl, { seconds: o.seconds, connections: o.connections, script: o.pageScript });
  const idsFile = path.join(o.work, "vote-ids.json");
  fs.writeFileSync(idsFile, JSON.stringify(o.ids));
  // The vote load covers the page run's warm-up (5 s) and its measured seconds, with a second to spare each side.
  const loadDone = voteLoadAsync(o.base, { rate: o.rate, seconds: o.seconds + 7, idsFile, firstOctet: 12 });
  await new Promise((r) => setTimeout(r, 1000));
  const pageUnderVotes = measureLoad(`(s) post page, ${o.rate} votes/s arriving`, o.pid, o.pageUrl, { seconds: o.seconds, connections: o.connections, script: o.pageScript });
  const load = await loadDone;
  console.log(`(s) the vote load: ${load.rps.toFixed(0)}/s, p99 ${load.p99ms.toFixed(1)} ms, ${load.non2xx} non-2xx, ${load.errors} errors`);
  return { votes, pageAlone, pageUnderVotes, load, rate: o.rate };
}
