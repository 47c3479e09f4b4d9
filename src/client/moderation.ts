/**
 * Keyboard moderation for the queue page: j/k move between items, x ticks one, a/s/r/e approve,
 * file as spam, remove or restore the selected item through the API, which takes it out of the
 * list without reloading. Without this script every button still submits the page's form.
 */
const root = document.querySelector<HTMLElement>("[data-moderation-queue]");

if (root) {
  const status = document.createElement("p");
  status.className = "queue-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  root.querySelector("h1")?.after(status);

  const items = () => [...root.querySelectorAll<HTMLLIElement>("li.queue-item")];
  let current = -1;

  const select = (index: number) => {
    const list = items();
    if (list.length === 0) return;
    current = Math.max(0, Math.min(index, list.length - 1));
    for (const el of list) {
      el.classList.remove("selected");
      el.removeAttribute("aria-current");
    }
    const el = list[current]!;
    el.classList.add("selected");
    el.setAttribute("aria-current", "true");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  };

  const act = async (el: HTMLLIElement, key: string) => {
    const button = el.querySelector<HTMLButtonElement>(`button[data-key="${key}"]`);
    if (!button || el.classList.contains("busy")) return;
    const [action, threadId, commentId] = button.value.split(":");
    const reason = root.querySelector<HTMLInputElement>("input[name=reason]")?.value ?? "";
    el.classList.add("busy");
    try {
      const res = await fetch(`/api/v1/threads/${threadId}/comments/${commentId}/moderation`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ action, reason }),
      });
      const answer = (await res.json().catch(() => ({}))) as { detail?: string };
      if (!res.ok) {
        status.textContent = answer.detail ?? "That did not work.";
        return;
      }
      status.textContent = `${button.textContent ?? action}: comment ${el.querySelector("strong")?.textContent ?? ""} done.`;
      const index = items().indexOf(el);
      el.remove();
      const count = root.querySelector(".queue-tabs .current .count");
      if (count) count.textContent = String(Math.max(0, Number(count.textContent) - 1));
      if (items().length === 0) root.querySelector("ol.queue-items")?.insertAdjacentHTML("beforebegin", '<p class="empty-queue">Nothing here. Well done.</p>');
      else select(index);
    } catch {
      status.textContent = "Could not reach the server. Try again.";
    } finally {
      el.classList.remove("busy");
    }
  };

  document.addEventListener("keydown", (e) => {
    const target = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || target.closest("input, textarea, select, [contenteditable]")) return;
    const list = items();
    const el = current >= 0 ? list[current] : undefined;
    if (e.key === "j") select(current + 1);
    else if (e.key === "k") select(current - 1);
    else if (e.key === "x" && el) {
      const box = el.querySelector<HTMLInputElement>("input[type=checkbox]");
      if (box) box.checked = !box.checked;
    } else if (["a", "s", "r", "e"].includes(e.key) && el) void act(el, e.key);
    else return;
    e.preventDefault();
  });

  root.addEventListener("click", (e) => {
    const li = (e.target as HTMLElement).closest<HTMLLIElement>("li.queue-item");
    if (li) select(items().indexOf(li));
  });
}
