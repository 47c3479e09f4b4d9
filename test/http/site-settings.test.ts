import { afterEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import { csrfFor, makeAppWorld, SAME_ORIGIN, signedIn, submitForm, type AppWorld } from "../helpers/app.js";
import { multipart } from "../helpers/multipart.js";
import { addSite } from "../../src/domain/sites/manage-sites.js";

let w: AppWorld;
afterEach(async () => w?.cleanup());

const SETTINGS = {
  name: "The Kellow Ledger",
  language: "en",
  description: "News from the harbour towns, and the readers who argue about it.",
  timeZone: "Asia/Kuala_Lumpur",
  accent: "#1d4f91",
  logoUrl: "",
  navigation: "Tips | /pages/tips\nOld archive | https://archive.example/",
  footer: "Published in Port Ellis since 2019.",
  allowAnonymous: "1",
  maxDepth: "3",
  votes: "updown",
};

async function adminBrowser() {
  const admin = await signedIn(w, "admin");
  const submit = (url: string, fields: Record<string, string>, cookies = admin.cookies) => submitForm(w, "/account", url, fields, cookies);
  return { admin, submit, get: (url: string) => w.app.inject({ url, cookies: admin.cookies }) };
}

describe("the blog's settings", () => {
  it("name, description, time zone, accent, navigation and footer show on every page at once, and are logged", async () => {
    // 20:30 UTC on 1 December is 04:30 on 2 December in Kuala Lumpur.
    w = await makeAppWorld({ startAt: Date.UTC(2026, 11, 1, 20, 30) });
    await w.makePost({ title: "Ferry timetable changes" });
    const before = (await w.app.inject({ url: "/" })).body;
    expect(before).toContain("Tuesday, December 1, 2026");
    const { submit, get } = await adminBrowser();
    const res = await submit("/admin/settings", SETTINGS);
    expect(res.statusCode, res.body).toBe(303);

    const front = (await w.app.inject({ url: "/" })).body;
    expect(front).toContain("The Kellow Ledger");
    expect(front).toContain("Wednesday, December 2, 2026");
    expect(front).toContain('<a href="/pages/tips">Tips</a>');
    expect(front).toContain('<a href="https://archive.example/">Old archive</a>');
    expect(front).toContain("Published in Port Ellis since 2019.");
    expect(front).toContain('<meta name="description" content="News from the harbour towns, and the readers who argue about it."/>');
    const css = /<link rel="stylesheet" href="(\/site-look\.css\?v=[0-9a-f]+)"/.exec(front)?.[1];
    expect(css).toBeDefined();
    const sheet = await w.app.inject({ url: css! });
    expect(sheet.headers["content-type"]).toMatch(/text\/css/);
    expect(sheet.body).toContain("--accent: #1d4f91");
    const log = await w.deps.moderation.listLog({ limit: 3 });
    expect(log[0]?.detail).toContain("name: “Test Gazette” → “The Kellow Ledger”");
    expect(log[0]?.detail).toContain("timeZone: none → “Asia/Kuala_Lumpur”");
    expect((await get("/admin/settings")).body).toContain("Tips | /pages/tips");
  });

  it("names the problem, keeps what was typed, and changes nothing when a value is wrong", async () => {
    w = await makeAppWorld();
    const { submit } = await adminBrowser();
    for (const [field, value, message] of [
      ["accent", "#ffcc00", "too light"],
      ["timeZone", "Mars/Olympus", "is not a time zone"],
      ["navigation", "Tips /pages/tips", "has no “|”"],
      ["navigation", "Bad | javascript:alert(1)", "must be a path of this site"],
      ["logoUrl", "file:///etc/passwd", "must be a path of this site"],
      ["maxDepth", "99", "Reply depth"],
    ] as const) {
      const res = await submit("/admin/settings", { ...SETTINGS, [field]: value });
      expect(res.statusCode, `${field}=${value}`).toBe(400);
      expect(res.body, field).toContain(message);
      expect(res.body, field).toContain('aria-invalid="true"');
      expect(res.body, field).toContain("The Kellow Ledger");
    }
    expect((await w.deps.sites.getSite(1)).name).toBe("Test Gazette");
    const editor = await signedIn(w, "editor");
    expect((await submit("/admin/settings", SETTINGS, editor.cookies)).statusCode).toBe(403);
  });
});

describe("the blog's logo", () => {
  it("is uploaded with the settings (re-encoded, in the library, in the masthead); a bad file or a wrong field stores nothing", async () => {
    w = await makeAppWorld();
    const { admin, get } = await adminBrowser();
    const send = async (fields: Record<string, string>, bytes?: Buffer) => {
      const csrf = await csrfFor(w, "/account", admin.cookies);
      const body = multipart({ _csrf: csrf.token, ...fields }, bytes ? { logoFile: { name: "logo.png", type: "image/png", bytes } } : {});
      return w.app.inject({ method: "POST", url: "/admin/settings", headers: { ...body.headers, ...SAME_ORIGIN }, payload: body.payload, cookies: csrf.cookies });
    };
    const png = fs.readFileSync("public/media/sea-wall.png");

    // A file that is not a picture: refused, named, the form kept, nothing stored.
    const notPicture = await send(SETTINGS, Buffer.from("<svg onload=alert(1)>"));
    expect(notPicture.statusCode).toBe(400);
    expect(notPicture.body).toContain("Upload a JPEG, PNG or WebP image");
    expect(notPicture.body).toContain('id="settings-logoFile" name="logoFile" aria-invalid="true"');
    expect(notPicture.body).toContain("The Kellow Ledger");
    // A good picture with a mistake elsewhere in the form: the picture is not kept either.
    const wrongDepth = await send({ ...SETTINGS, maxDepth: "99" }, png);
    expect(wrongDepth.statusCode).toBe(400);
    expect(wrongDepth.body).toContain("Reply depth");
    expect(await w.deps.media.listImages(10)).toHaveLength(0);
    expect((await w.deps.sites.getSite(1)).name).toBe("Test Gazette");

    const saved = await send(SETTINGS, png);
    expect(saved.statusCode, saved.body).toBe(303);
    const logo = (await w.deps.sites.getSite(1)).look.logoUrl;
    expect(logo).toMatch(/^\/media\/[0-9a-f]{32}\.png$/);
    expect((await w.deps.media.listImages(10)).map((i) => i.url)).toEqual([logo]);
    expect((await w.app.inject({ url: logo! })).headers["content-type"]).toBe("image/png");
    expect((await w.app.inject({ url: "/" })).body).toContain(`<img class="site-logo" src="${logo}"`);
    expect((await get("/admin/settings")).body).toContain(`value="${logo}"`);
    expect((await w.deps.moderation.listLog({ limit: 1 }))[0]?.detail).toContain(`logoUrl: none → “${logo}”`);
  });
});

describe("static pages", () => {
  it("are written in Markdown, sanitised, in the navigation and footer when asked, changed and deleted; logged", async () => {
    w = await makeAppWorld();
    const { submit, get } = await adminBrowser();
    expect((await w.app.inject({ url: "/" })).body).not.toContain("/pages/about");
    const made = await submit("/admin/pages", { title: "About us", slug: "about", body: "We are **three reporters**.\n\n<script>alert(1)</script><img src=x onerror=alert(1)>", inNav: "1", position: "1" });
    expect(made.statusCode, made.body).toBe(303);
    const about = await w.app.inject({ url: "/pages/about" });
    expect(about.statusCode).toBe(200);
    expect(about.body).toContain("<strong>three reporters</strong>");
    expect(about.body).not.toContain("<script>alert");
    expect(about.body).not.toContain("<img src=x"); // shown as text, never as markup
    const front = (await w.app.inject({ url: "/" })).body;
    expect(front).toContain('<li><a href="/pages/about">About us</a></li>');
    expect(front).toMatch(/<nav aria-label="About the site"><a href="\/pages\/about">About us<\/a><\/nav>/);

    const id = /\/admin\/pages\/(\d+)/.exec(String(made.headers.location))![1];
    const clash = await submit("/admin/pages", { title: "About again", slug: "about", body: "x" });
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain("Another page already lives at /pages/about");
    expect(clash.body).toContain('value="About again"');
    const empty = await submit(`/admin/pages/${id}`, { title: "About us", slug: "about", body: "   " });
    expect(empty.statusCode).toBe(400);
    expect((await w.app.inject({ url: "/pages/about" })).body).toContain("three reporters");

    expect((await submit(`/admin/pages/${id}`, { title: "Who we are", slug: "about", body: "Still three.", position: "1" })).statusCode).toBe(303);
    const changed = (await w.app.inject({ url: "/" })).body;
    expect(changed).not.toContain('<a href="/pages/about">'); // out of the navigation now
    expect((await w.app.inject({ url: "/pages/about" })).body).toContain("Who we are");
    expect((await get("/admin/settings")).body).toContain("Who we are");

    expect((await submit(`/admin/pages/${id}/delete`, {})).statusCode).toBe(303);
    expect((await w.app.inject({ url: "/pages/about" })).statusCode).toBe(404);
    const details = (await w.deps.moderation.listLog({ limit: 10 })).map((e) => e.detail);
    expect(details).toEqual(expect.arrayContaining(["page “About us” (/pages/about) added", "page “Who we are” (/pages/about) changed", "page “Who we are” (/pages/about) deleted"]));
  });

  it("refuse a save over another admin's later save of the same page, keeping the text", async () => {
    w = await makeAppWorld();
    const { submit, get } = await adminBrowser();
    const made = await submit("/admin/pages", { title: "Contact", slug: "contact", body: "Write to us.", position: "1" });
    const id = /\/admin\/pages\/(\d+)/.exec(String(made.headers.location))![1];
    w.clock.advance(1000);
    const opened = async () => /name="basedOn" value="(\d+)"/.exec((await get(`/admin/pages/${id}`)).body)?.[1] ?? "";
    const [first, second] = [await opened(), await opened()];
    expect(first).not.toBe("");
    expect((await submit(`/admin/pages/${id}`, { title: "Contact", slug: "contact", body: "Write to the desk.", position: "1", basedOn: first })).statusCode).toBe(303);
    w.clock.advance(1000);
    const late = await submit(`/admin/pages/${id}`, { title: "Contact", slug: "contact", body: "Call the newsroom.", position: "1", basedOn: second });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain("Someone saved this page after you opened it.");
    expect(late.body).toContain("Call the newsroom.");
    expect((await w.app.inject({ url: "/pages/contact" })).body).toContain("Write to the desk.");
  });

  it("refuse a settings save over another admin's save made after the form was opened: the blog's, moderation's and an embedding site's", async () => {
    w = await makeAppWorld();
    const { submit, get } = await adminBrowser();
    const basedOn = async (url: string) => /name="basedOn" value="(\d+)"/.exec((await get(url)).body)?.[1] ?? "";

    const [first, second] = [await basedOn("/admin/settings"), await basedOn("/admin/settings")];
    expect(first).not.toBe("");
    expect((await submit("/admin/settings", { ...SETTINGS, name: "First Edition", basedOn: first })).statusCode).toBe(303);
    const late = await submit("/admin/settings", { ...SETTINGS, name: "Second Edition", footer: "Mine.", basedOn: second });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain("Someone changed these settings after you opened them.");
    expect(late.body).toContain("Second Edition");
    expect((await w.deps.sites.getSite(1)).name).toBe("First Edition");
    // Opened again, it saves.
    expect((await submit("/admin/settings", { ...SETTINGS, name: "Second Edition", basedOn: await basedOn("/admin/settings") })).statusCode).toBe(303);

    // The moderation form: a moderator's emergency switch, flipped meanwhile, is not undone by it.
    const moderation = await basedOn("/moderation/settings");
    await w.deps.sites.changeModerationSettings(1, (m) => ({ ...m, premoderateAll: true }));
    const undo = await submit("/moderation/settings", { commentMode: "open", reportsToHide: "4", autoCloseDays: "0", holdLinksFromNewAt: "2", profanityAction: "hold", duplicateWindowMinutes: "60", spamHoldAt: "0.8", spamRejectAt: "0.99", trustApprovedAuthors: "1", basedOn: moderation });
    expect(undo.statusCode).toBe(409);
    expect((await w.deps.sites.getSite(1)).moderation).toMatchObject({ premoderateAll: true, reportsToHide: 3 });

    // An embedding site's page.
    const { site } = await addSite(w.deps, { name: "Shop", origins: ["https://shop.example"] });
    const [a, b] = [await basedOn(`/admin/sites/${site.id}`), await basedOn(`/admin/sites/${site.id}`)];
    const fields = { origins: "https://shop.example", language: "en", maxDepth: "3" };
    expect((await submit(`/admin/sites/${site.id}`, { ...fields, name: "Shop A", basedOn: a })).statusCode).toBe(303);
    const stale = await submit(`/admin/sites/${site.id}`, { ...fields, name: "Shop B", basedOn: b });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain("Shop B");
    expect((await w.deps.sites.getSite(site.id)).name).toBe("Shop A");
  });
});
