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

document.addEventListener("click", (e) => {
  const link = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[href]");
  if (!link || link.origin === location.origin || link.protocol === "javascript:") return;
  link.target = "_blank";
  link.rel = `${link.rel} noopener`.trim();
});
