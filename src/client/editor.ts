/**
 * Live preview for the post editor: the body is rendered by the server's own Markdown renderer as
 * the editor types. Without this script the "Preview" button does the same with a round trip.
 */
const form = document.querySelector<HTMLFormElement>("form[data-post-form]");
const body = form?.querySelector<HTMLTextAreaElement>("textarea[name=body]");
const preview = form?.querySelector<HTMLElement>("[data-preview]");
const csrf = form?.querySelector<HTMLInputElement>("input[name=_csrf]")?.value ?? "";

if (form && body && preview) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sent = 0;
  body.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++sent;
      const res = await fetch("/editor/preview", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": csrf },
        body: JSON.stringify({ body: body.value }),
      });
      // The server's HTML is sanitised; an older answer arriving late is dropped.
      if (res.ok && mine === sent) preview.innerHTML = ((await res.json()) as { html: string }).html;
    }, 250);
  });
}
