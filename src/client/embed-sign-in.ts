/** The first-party sign-in window: hands the session to the embedded frame that opened it, then closes. */
const el = document.getElementById("hand-over");
const opener = window.opener as Window | null;
if (el && opener) {
  // Our own origin only: whatever page opened this window, only our frame can read the token.
  opener.postMessage({ type: "broadsheet:session", token: el.dataset.token, name: el.dataset.name }, location.origin);
  setTimeout(() => window.close(), 300);
}
