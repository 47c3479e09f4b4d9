/**
 * /embed.js: the one script a host page includes. It adds no global but `Broadsheet`, puts the
 * discussion in an iframe served by the blog (the host page's CSS and scripts cannot reach it),
 * sizes the iframe from the frame's messages (checked: from the blog's origin and that iframe
 * only), and fills comment and view counters anywhere on the page with one request.
 *
 *   <div id="broadsheet-thread"></div>
 *   <script async src="https://BLOG/embed.js" data-site="KEY"></script>
 */
((w, d) => {
  const script = d.currentScript as HTMLScriptElement | null;
  if (!script || (w as unknown as { Broadsheet?: unknown }).Broadsheet) return;
  const blog = new URL(script.src).origin;
  const opt = script.dataset;
  const site = opt.site ?? "";
  const say = (m: string) => console.error(`Broadsheet: ${m}`);
  (w as unknown as { Broadsheet: object }).Broadsheet = { version: 1 };
  if (!site) return say("the script tag has no data-site key.");

  const canonical = d.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  const pageUrl = opt.url ?? canonical ?? location.href.split("#")[0] ?? "";
  const q = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams({ site });
    for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
    return p.toString();
  };

  const box = d.getElementById("broadsheet-thread");
  if (box && opt.countersOnly === undefined) {
    const frame = d.createElement("iframe");
    frame.title = "Comments";
    frame.loading = "lazy";
    frame.style.cssText = "width:100%;border:0;height:240px;color-scheme:normal";
    frame.src = `${blog}/embed/thread?${q({ url: pageUrl, title: opt.title ?? d.title, host: location.origin, theme: opt.theme, lang: opt.lang, accent: opt.accent, ink: opt.ink, paper: opt.paper, link: opt.link })}`;
    let sized = false;
    w.addEventListener("message", (e) => {
      const m = e.data as { type?: string; height?: number } | null;
      if (e.origin !== blog || e.source !== frame.contentWindow || m?.type !== "broadsheet:size" || typeof m.height !== "number") return;
      if (!sized && opt.sso) frame.contentWindow?.postMessage({ type: "broadsheet:sso", token: opt.sso }, blog);
      sized = true;
      frame.style.height = `${Math.max(80, Math.min(m.height, 100000))}px`;
    });
    frame.addEventListener("load", () =>
      setTimeout(() => {
        if (!sized) say(`the discussion did not load. Is ${location.origin} one of the origins allowed for site ${site}?`);
      }, 3000),
    );
    box.replaceChildren(frame);
  }

  // Counters: <span data-broadsheet-count="URL"> and <span data-broadsheet-views="URL">, 50 per request.
  const spans = [...d.querySelectorAll<HTMLElement>("[data-broadsheet-count],[data-broadsheet-views]")];
  const urlOf = (el: HTMLElement) => new URL(el.dataset.broadsheetCount ?? el.dataset.broadsheetViews ?? "", location.href).href;
  const urls = [...new Set(spans.map(urlOf))];
  for (let i = 0; i < urls.length; i += 50) {
    const p = new URLSearchParams({ site });
    for (const u of urls.slice(i, i + 50)) p.append("url", u);
    fetch(`${blog}/api/v1/embed/counts?${p.toString()}`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((body: { pages: Array<{ url: string; normalised: string; comments: number | null; views: number }> }) => {
        const by = new Map(body.pages.map((c) => [c.url, c]));
        for (const el of spans) {
          const c = by.get(urlOf(el));
          if (!c) continue;
          if (el.dataset.broadsheetCount !== undefined && c.comments !== null) el.textContent = String(c.comments);
          if (el.dataset.broadsheetViews !== undefined) el.textContent = String(c.views);
        }
      })
      .catch((e: Error) => say(`counters could not be loaded (${e.message}). Is ${location.origin} allowed for site ${site}?`));
  }
})(window, document);
