import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { makeAppWorld, type AppWorld } from "../helpers/app.js";

describe("/metrics", () => {
  let w: AppWorld | undefined;
  afterEach(async () => w?.cleanup());

  it("counts requests by route, comments, views, the queue and refusals, for loopback only", async () => {
    w = await makeAppWorld({ env: { BROADSHEET_COMMENT_WRITES_PER_MINUTE: "1", BROADSHEET_METRICS_TOKEN: "s3cret-token" } });
    await w.app.listen({ host: "127.0.0.1", port: 0 });
    const base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
    const post = await w.makePost();
    const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    await (await fetch(`${base}/posts/${post.slug}`, { headers: { "user-agent": firefox } })).text();
    await (await fetch(`${base}/posts/${post.slug}`)).text(); // answered by the fast path
    for (let i = 0; i < 3; i++) {
      await fetch(`${base}/api/v1/threads/${post.threadId}/comments`, { method: "POST", headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" }, body: JSON.stringify({ body: `Comment ${i} https://a.example https://b.example` }) });
    }
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/broadsheet_http_requests_total\{route="\/posts\/:slug",method="GET",status="200"\} 1/);
    expect(text).toMatch(/broadsheet_fast_path_requests_total 1/);
    expect(text).toMatch(/broadsheet_comments_posted_total 1/);
    expect(text).toMatch(/broadsheet_views_counted_total 1/);
    expect(text).toMatch(/broadsheet_moderation_queue\{tab="pending"\} 1/);
    expect(text).toMatch(/broadsheet_flood_refusals_total [12]/);
    expect(text).toMatch(/broadsheet_flood_gate_refusals_total [01]/);
    expect(text).toMatch(/broadsheet_live_readers 0/);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
    // Through a proxy the public arrives from loopback too: then only the token opens it.
    expect((await fetch(`${base}/metrics`, { headers: { "x-forwarded-for": "203.0.113.5" } })).status).toBe(403);
    expect((await fetch(`${base}/metrics`, { headers: { "x-forwarded-for": "203.0.113.5", authorization: "Bearer s3cret-token" } })).status).toBe(200);
  });
});
