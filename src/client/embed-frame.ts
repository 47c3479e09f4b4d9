import { messagesFor } from "../views/i18n/messages.js";

/**
 * Inside the embedding iframe: tells the host page how tall the discussion is (to its origin only,
 * which the server checked against the site's allowed origins), and opens links that leave the
 * discussion in a new tab instead of inside the frame.
 */
const parentOrigin = document.body.dataset.parentOrigin ?? "";

if (parentOrigin && window.parent !== window) {
  let last = 0;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "broadsheet:size", height }, parentOrigin);
  };
  new ResizeObserver(send).observe(document.documentElement);
  send();
}

// Links that leave the discussion open in a tab of their own: other sites, and our own pages (the
// report page, a reply page), which refuse to be framed. Links within the frame's page stay.
document.addEventListener("click", (e) => {
  const link = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[href]");
  if (!link || link.protocol === "javascript:") return;
  const withinFrame = link.origin === location.origin && (link.pathname === location.pathname || link.pathname.startsWith("/embed/"));
  if (withinFrame) return;
  link.target = "_blank";
  link.rel = `${link.rel} noopener`.trim();
});

// Single sign-on: the host page's loader hands over the token its site signed; we exchange it for a
// session of ours, kept in this frame's storage and sent as a header (no cookie works in a frame).
const SESSION_KEY = "broadsheet:session";
window.addEventListener("message", (e) => {
  const m = e.data as { type?: string; token?: string } | null;
  if (e.source !== window.parent || e.origin !== parentOrigin || m?.type !== "broadsheet:sso" || typeof m.token !== "string") return;
  void fetch("/api/v1/embed/sso", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ site: document.body.dataset.siteKey ?? "", token: m.token }),
  })
    .then(async (res) => {
      const body = (await res.json()) as { token?: string; displayName?: string; detail?: string };
      if (!res.ok || !body.token) throw new Error(body.detail ?? `HTTP ${res.status}`);
      sessionStorage.setItem(SESSION_KEY, body.token);
      showSignedIn(body.displayName ?? "");
    })
    .catch((err: Error) => {
      sessionStorage.removeItem(SESSION_KEY);
      console.error(`Broadsheet: ${err.message}`);
    });
});

// Signing in with an account of ours: a first-party window (cookies work there) sends the session back.
const signIn = document.querySelector<HTMLButtonElement>("button[data-sign-in]");
let popup: Window | null = null;
if (signIn) {
  signIn.hidden = sessionStorage.getItem(SESSION_KEY) !== null;
  signIn.addEventListener("click", () => {
    popup = window.open("/embed/sign-in", "broadsheet-sign-in", "popup,width=480,height=640");
  });
}
window.addEventListener("message", (e) => {
  const m = e.data as { type?: string; token?: string; name?: string } | null;
  if (e.origin !== location.origin || e.source === null || e.source !== popup || m?.type !== "broadsheet:session" || typeof m.token !== "string") return;
  sessionStorage.setItem(SESSION_KEY, m.token);
  showSignedIn(m.name ?? "");
});

function showSignedIn(name: string): void {
  if (signIn) signIn.hidden = true;
  const nameField = document.querySelector<HTMLInputElement>("#comment-form-name");
  const row = nameField?.closest(".form-row");
  if (!row) return;
  const note = document.createElement("p");
  note.className = "signed-in-as";
  note.textContent = messagesFor(document.documentElement.lang).commentingAs(name);
  row.replaceWith(note);
}
