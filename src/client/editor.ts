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

/**
 * Pictures pasted or dropped into the text: uploaded (the server checks and re-encodes them, and
 * makes the smaller copies), then written into the text as Markdown with the description selected,
 * ready to be typed — a post is not saved while a picture has none.
 */
if (form && body) {
  const PLACEHOLDER = "Describe the picture";
  const status = document.createElement("p");
  status.className = "hint";
  status.setAttribute("role", "status");
  body.insertAdjacentElement("afterend", status);
  const upload = async (file: File) => {
    status.textContent = `Uploading ${file.name}…`;
    const data = new FormData();
    data.append("file", file);
    const res = await fetch("/editor/media", { method: "POST", headers: { accept: "application/json", "x-csrf-token": csrf }, body: data });
    const answer = (await res.json().catch(() => ({}))) as { markdown?: string; detail?: string };
    if (!res.ok || !answer.markdown) {
      status.textContent = answer.detail ?? "The picture could not be uploaded.";
      return;
    }
    const at = body.selectionStart;
    const before = body.value.slice(0, at);
    const text = `${before && !before.endsWith("\n") ? "\n\n" : ""}${answer.markdown}\n\n`;
    body.setRangeText(text, at, body.selectionEnd, "end");
    const start = at + text.indexOf(PLACEHOLDER);
    body.focus();
    body.setSelectionRange(start, start + PLACEHOLDER.length);
    body.dispatchEvent(new Event("input"));
    status.textContent = "Uploaded: describe the picture where it is selected.";
  };
  const images = (list: FileList | null | undefined) => [...(list ?? [])].filter((f) => /^image\/(jpeg|png|webp)$/.test(f.type));
  body.addEventListener("paste", (e) => {
    const files = images(e.clipboardData?.files);
    if (files.length === 0) return;
    e.preventDefault();
    void files.reduce((p, f) => p.then(() => upload(f)), Promise.resolve());
  });
  body.addEventListener("dragover", (e) => e.preventDefault());
  body.addEventListener("drop", (e) => {
    const files = images(e.dataTransfer?.files);
    if (files.length === 0) return;
    e.preventDefault();
    void files.reduce((p, f) => p.then(() => upload(f)), Promise.resolve());
  });
}
