import { afterEach, describe, expect, it } from "vitest";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, type AppWorld } from "../helpers/app.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("the Sites page", () => {
  it("adds a site, shows its secret once and its snippet always, and re-renders a refused form with the values kept", async () => {
    w = await makeAppWorld();
    const admin = await signedIn(w, "admin");
    const post = async (url: string, fields: Record<string, string>) => {
      const csrf = await csrfFor(w, "/admin/sites", admin.cookies);
      return w.app.inject({ method: "POST", url, headers: { "content-type": "application/x-www-form-urlencoded", ...SAME_ORIGIN }, cookies: csrf.cookies, payload: form({ _csrf: csrf.token, ...fields }) });
    };
    const refused = await post("/admin/sites", { name: "Tide Watch", origins: "https://tides.example/path", language: "en", maxDepth: "3" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("must be only a scheme, host and port");
    expect(refused.body).toMatch(/name="name"[^>]*value="Tide Watch"/);
    expect(refused.body).toContain("https://tides.example/path</textarea>");
    expect((await w.deps.sites.listSites()).length).toBe(1);

    const added = await post("/admin/sites", { name: "Tide Watch", origins: "https://tides.example\nhttps://amp.tides.example", language: "zh", allowAnonymous: "1", maxDepth: "4" });
    expect(added.statusCode).toBe(200);
    const secret = /<code class="secret">([^<]+)<\/code>/.exec(added.body)?.[1];
    expect(secret).toMatch(/^bss_/);
    const site = (await w.deps.sites.listSites()).find((s) => s.name === "Tide Watch");
    expect(site).toMatchObject({ origins: ["https://tides.example", "https://amp.tides.example"], language: "zh", allowAnonymous: true, maxDepth: 4 });
    const again = await w.app.inject({ url: "/admin/sites", cookies: admin.cookies });
    expect(again.body).not.toContain(secret);
    expect(again.body).toMatch(new RegExp(`<textarea[^>]*class="snippet"[^>]*>[^<]*&lt;script async src=&quot;http://127.0.0.1:3000/embed.js&quot; data-site=&quot;${site?.publicKey}&quot;`));

    const edited = await post(`/admin/sites/${site?.id}`, { name: "Tide Watch", origins: "https://tides.example", language: "ar", maxDepth: "3", webhookUrl: "http://hooks.example/x" });
    expect(edited.statusCode).toBe(400);
    expect(edited.body).toContain("must use https");
    const saved = await post(`/admin/sites/${site?.id}`, { name: "Tide Watch", origins: "https://tides.example", language: "ar", maxDepth: "3", webhookUrl: "https://hooks.example/x" });
    expect(saved.statusCode).toBe(303);
    expect(await w.deps.sites.getSite(site?.id ?? 0)).toMatchObject({ language: "ar", webhookUrl: "https://hooks.example/x", allowAnonymous: false });
    const rotated = await post(`/admin/sites/${site?.id}/secret`, {});
    const next = /<code class="secret">([^<]+)<\/code>/.exec(rotated.body)?.[1];
    expect(next).toMatch(/^bss_/);
    expect(next).not.toBe(secret);
    expect(await w.deps.sites.getSiteSecret(site?.id ?? 0)).toBe(next);
    expect((await w.app.inject({ url: "/admin/sites/1", cookies: admin.cookies })).statusCode).toBe(404);
  });
});
