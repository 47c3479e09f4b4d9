/**
 * Progressive enhancement of the discussion: reply forms open in place, new comments appear without
 * a reload, authors edit and remove their own comments, relative times stay fresh, and pages served
 * from a cache still count a view. Without this script every action works through plain forms.
 */
import { render } from "preact";
import type { PublicComment } from "../http/schemas/comment.js";
import { CommentItem } from "../views/comment-item.js";
import { relativeTime } from "../views/format-time.js";
import { I18n } from "../views/i18n/context.js";
import { messagesFor, plural } from "../views/i18n/messages.js";

const TOKENS_KEY = "broadsheet:edit-tokens";
const EDIT_WINDOW_MS = 15 * 60 * 1000;

interface Problem {
  detail?: string;
  field?: string;
}

/** The page's interface language: the server rendered the discussion in it. */
const m = messagesFor(document.documentElement.lang);

/** Our API, asked for its refusals in the page's language rather than the browser's. */
const api = (url: string, init: RequestInit = {}) => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), "accept-language": m.lang } });

const section = document.querySelector<HTMLElement>("section.discussion[data-thread-id]");
if (section) enhance(section);

function enhance(root: HTMLElement): void {
  const threadId = root.dataset.threadId ?? "";
  const canReply = root.dataset.canReply === "1";
  const newestFirst = root.dataset.sort === "newest";
  // A long discussion is read in pages: a new top-level comment belongs on one page only, after the
  // number the server names (none: not this page); a reply, under its parent.
  const newAfter = Number(root.dataset.newAfter ?? NaN);
  countViewIfCached(threadId);
  setInterval(refreshTimes, 60_000);

  const mainForm = root.querySelector<HTMLFormElement>("form[data-comment-form]");
  if (mainForm) mainForm.addEventListener("submit", (e) => submitComment(e, mainForm));

  root.addEventListener("click", (e) => {
    const target = e.target as HTMLElement;
    const reply = target.closest<HTMLAnchorElement>("a.reply");
    if (reply && mainForm) {
      e.preventDefault();
      openReplyForm(reply, mainForm);
    }
  });
  for (const li of root.querySelectorAll<HTMLLIElement>("li.comment[data-id]")) addOwnerControls(li);
  // Votes without leaving the page: the score and the reader's own vote (the pressed button) change
  // in place. Without this script the form posts and the page comes back at the comment.
  root.addEventListener("submit", (e) => {
    const form = (e.target as HTMLElement).closest<HTMLFormElement>("form[data-vote-form]");
    if (!form) return;
    e.preventDefault();
    const pressed = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    if (!pressed) return;
    void vote(form, pressed);
  });
  /**
   * While the reader's own comment is being posted, the stream may announce it before the POST has
   * answered: comments announced meanwhile wait here, and only those still not on the page once it
   * has answered are offered as new.
   */
  let postsInFlight = 0;
  let settleAfterPosting: () => void = () => undefined;
  followLive();

  /**
   * Live thread: new comments wait behind a "Show N new comments" bar (the reader's place on the
   * page never jumps); edits and removals apply in place. A `resync` means events were missed (a
   * reconnect, a stale page): the thread is fetched and merged by comment id.
   */
  function followLive(): void {
    if (typeof EventSource === "undefined") return;
    const waiting = new Map<number, PublicComment>();
    const belongsHere = (c: PublicComment) => (c.parentId === null ? Number(c.path.split(".")[0]) > newAfter : liOf(c.parentId) !== null || waiting.has(c.parentId));
    const bar = document.createElement("button");
    bar.type = "button";
    bar.className = "new-comments";
    bar.hidden = true;
    bar.setAttribute("aria-live", "polite");
    root.querySelector("h2")?.after(bar);
    bar.addEventListener("click", () => {
      const ordered = [...waiting.values()].sort((a, b) => comparePaths(a.path, b.path));
      waiting.clear();
      for (const c of ordered) if (!liOf(c.id)) insertComment({ ...c, replies: [] })?.classList.add("live-new");
      updateBar();
    });
    const announcedWhilePosting: PublicComment[] = [];
    settleAfterPosting = () => {
      for (const c of announcedWhilePosting.splice(0)) if (!liOf(c.id) && belongsHere(c)) waiting.set(c.id, c);
      updateBar();
    };
    const updateBar = () => {
      bar.hidden = waiting.size === 0;
      bar.textContent = plural(m, m.newComments, waiting.size);
    };
    const events = new EventSource(`/api/v1/threads/${threadId}/events?since=${root.dataset.threadVersion ?? "0"}`);
    events.addEventListener("comment", (e) => {
      const c = JSON.parse((e as MessageEvent<string>).data) as PublicComment;
      const li = liOf(c.id);
      if (!li && postsInFlight > 0) {
        announcedWhilePosting.push(c);
        return;
      }
      if (!li) {
        if (!belongsHere(c)) return;
        waiting.set(c.id, c);
        updateBar();
        return;
      }
      const body = li.querySelector<HTMLElement>(":scope > article .comment-body");
      if (body && c.bodyHtml !== null && body.innerHTML !== c.bodyHtml) body.innerHTML = c.bodyHtml;
    });
    events.addEventListener("gone", (e) => {
      const c = JSON.parse((e as MessageEvent<string>).data) as PublicComment;
      waiting.delete(c.id);
      updateBar();
      const li = liOf(c.id);
      if (!li || li.classList.contains("tombstone")) return;
      if (li.querySelector(":scope > section.replies li.comment")) {
        // Replies hang below: keep its place as a tombstone, as the server would render it.
        const holder = document.createElement("div");
        render(
          <I18n.Provider value={m}>
            <CommentItem comment={{ ...c, replies: [] }} now={Date.now()} canReply={canReply} />
          </I18n.Provider>,
          holder,
        );
        const article = holder.querySelector("article");
        if (article) li.querySelector(":scope > article")?.replaceWith(article);
        li.classList.add("tombstone");
      } else {
        li.remove();
      }
      bumpCount(-1);
    });
    events.addEventListener("resync", () => {
      void resync();
    });

    async function resync(): Promise<void> {
      let after = 0;
      for (let page = 0; page < 50; page++) {
        const res = await api(`/api/v1/threads/${threadId}/comments?after=${after}&limit=200`, { headers: { accept: "application/json" } });
        if (!res.ok) return;
        const view = (await res.json()) as { comments: PublicComment[]; nextCursor: number | null };
        const walk = (list: PublicComment[]) => {
          for (const c of list) {
            if (c.kind === "comment" && c.status === "published" && !liOf(c.id) && belongsHere(c)) waiting.set(c.id, c);
            walk(c.replies);
          }
        };
        walk(view.comments);
        if (view.nextCursor === null) break;
        after = view.nextCursor;
      }
      updateBar();
    }
  }

  function liOf(id: number): HTMLLIElement | null {
    return root.querySelector<HTMLLIElement>(`li.comment[data-id="${id}"]`);
  }

  function openReplyForm(link: HTMLAnchorElement, template: HTMLFormElement): void {
    const article = link.closest("article");
    if (!article) return;
    const open = article.querySelector("form.reply-form");
    if (open) {
      open.querySelector("textarea")?.focus();
      return;
    }
    const form = template.cloneNode(true) as HTMLFormElement;
    const parentId = link.closest<HTMLElement>("li.comment")?.dataset.id ?? "";
    form.id = `reply-${parentId}`;
    form.classList.add("reply-form");
    for (const el of form.querySelectorAll<HTMLElement>("[id]")) el.id = `${form.id}-${el.id}`;
    for (const label of form.querySelectorAll<HTMLLabelElement>("label[for]")) label.htmlFor = `${form.id}-${label.htmlFor}`;
    for (const err of form.querySelectorAll(".field-error, .form-error")) err.remove();
    const heading = form.querySelector("h3");
    if (heading) heading.textContent = m.replyTo(link.closest<HTMLElement>("li.comment")?.dataset.path ?? "");
    const parent = document.createElement("input");
    parent.type = "hidden";
    parent.name = "parentId";
    parent.value = parentId;
    form.prepend(parent);
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "secondary";
    cancel.textContent = m.cancel;
    cancel.addEventListener("click", () => form.remove());
    form.querySelector("button[type=submit]")?.after(cancel);
    form.addEventListener("submit", (e) => submitComment(e, form));
    article.append(form);
    (form.querySelector("textarea") as HTMLTextAreaElement).value = "";
    form.querySelector("textarea")?.focus();
  }

  async function submitComment(e: SubmitEvent, form: HTMLFormElement): Promise<void> {
    e.preventDefault();
    const data = new FormData(form);
    const body: Record<string, string | number | boolean> = { body: String(data.get("body") ?? "") };
    for (const f of ["authorName", "authorWebsite", "homepage", "notifyEmail"]) if (data.get(f)) body[f] = String(data.get(f));
    if (data.get("notify")) body.notify = true;
    if (data.get("parentId")) body.parentId = Number(data.get("parentId"));
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
    if (button) button.disabled = true;
    postsInFlight++;
    try {
      const res = await api(`/api/v1/threads/${threadId}/comments`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...signedInHeaders() },
        body: JSON.stringify(body),
      });
      if (!res.ok) return showProblem(form, (await res.json().catch(() => ({}))) as Problem);
      const { comment, editToken } = (await res.json()) as { comment: PublicComment; editToken: string };
      saveToken(comment.id, editToken);
      const li = liOf(comment.id) ?? insertComment({ ...comment, replies: [] });
      clearProblems(form);
      if (form.classList.contains("reply-form")) form.remove();
      else (form.querySelector("textarea") as HTMLTextAreaElement).value = "";
      if (li) {
        addOwnerControls(li);
        li.classList.add("just-posted");
        li.scrollIntoView({ block: "center" });
        history.replaceState(null, "", `#${comment.anchor}`);
      }
    } catch {
      showProblem(form, { detail: m.offline });
    } finally {
      if (button) button.disabled = false;
      if (--postsInFlight === 0) settleAfterPosting();
    }
  }

  function insertComment(c: PublicComment): HTMLLIElement | null {
    const holder = document.createElement("div");
    render(
      <I18n.Provider value={m}>
        <CommentItem comment={c} now={Date.now()} canReply={canReply} />
      </I18n.Provider>,
      holder,
    );
    const li = holder.firstElementChild as HTMLLIElement | null;
    if (!li) return null;
    let list = root.querySelector<HTMLOListElement>("ol.comment-list.top-level");
    if (c.parentId !== null) {
      const parent = root.querySelector<HTMLLIElement>(`li.comment[data-id="${c.parentId}"]`);
      if (!parent) return null;
      let replies = parent.querySelector<HTMLOListElement>(":scope > section.replies > ol");
      if (!replies) {
        const sectionEl = document.createElement("section");
        sectionEl.className = "replies";
        sectionEl.append(Object.assign(document.createElement("h4"), { className: "replies-label", textContent: m.replies }), Object.assign(document.createElement("ol"), { className: "comment-list" }));
        parent.append(sectionEl);
        replies = sectionEl.querySelector("ol");
      }
      list = replies;
    }
    if (c.parentId === null && newestFirst) list?.prepend(li);
    else list?.append(li);
    root.querySelector(".no-comments")?.remove();
    bumpCount(c.status === "published" ? 1 : 0);
    return li;
  }

  function addOwnerControls(li: HTMLLIElement): void {
    const id = Number(li.dataset.id);
    const token = loadTokens()[id];
    const actions = li.querySelector<HTMLElement>(":scope > article .comment-actions");
    if (!token || !actions || actions.querySelector(".own") || li.classList.contains("tombstone")) return;
    const slot = document.createElement("span");
    slot.className = "own";
    actions.append(slot);
    const created = Date.parse(li.querySelector(":scope > article time")?.getAttribute("datetime") ?? "");
    if (Date.now() - created < EDIT_WINDOW_MS) slot.append(button(m.edit, () => startEdit(li, id, token)));
    slot.append(button(m.remove, (b) => confirmRemove(b, li, id, token)));
  }

  function startEdit(li: HTMLLIElement, id: number, token: string): void {
    const article = li.querySelector(":scope > article");
    const bodyEl = article?.querySelector<HTMLElement>(".comment-body");
    if (!article || !bodyEl || article.querySelector("form.edit-form")) return;
    const form = document.createElement("form");
    form.className = "edit-form comment-form";
    const area = document.createElement("textarea");
    area.name = "body";
    area.rows = 5;
    area.setAttribute("aria-label", m.editYourComment);
    area.value = bodyEl.innerText;
    const save = document.createElement("button");
    save.type = "submit";
    save.textContent = m.save;
    form.append(area, save, button(m.cancel, () => form.remove(), "secondary"));
    bodyEl.after(form);
    area.focus();
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const res = await api(`/api/v1/comments/${id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", "x-edit-token": token },
        body: JSON.stringify({ body: area.value }),
      });
      if (!res.ok) return showProblem(form, (await res.json().catch(() => ({}))) as Problem);
      const c = (await res.json()) as PublicComment;
      bodyEl.innerHTML = c.bodyHtml ?? "";
      if (!article.querySelector(".edited")) article.querySelector(".permalink")?.insertAdjacentHTML("afterend", '<span class="edited"> · edited</span>');
      form.remove();
    });
  }

  function confirmRemove(b: HTMLButtonElement, li: HTMLLIElement, id: number, token: string): void {
    if (b.dataset.confirming !== "1") {
      b.dataset.confirming = "1";
      b.textContent = m.reallyRemove;
      return;
    }
    void (async () => {
      const res = await api(`/api/v1/comments/${id}`, { method: "DELETE", headers: { "x-edit-token": token } });
      if (!res.ok) {
        b.textContent = ((await res.json().catch(() => ({}))) as Problem).detail ?? m.couldNotRemove;
        return;
      }
      bumpCount(-1);
      if (li.querySelector(":scope > section.replies li.comment")) {
        li.classList.add("tombstone");
        const article = li.querySelector(":scope > article");
        article?.querySelector(".author")?.remove();
        article?.querySelector(".comment-actions")?.remove();
        article?.querySelector(".comment-body")?.replaceWith(Object.assign(document.createElement("p"), { className: "removed", textContent: m.removedByAuthor }));
      } else {
        li.remove();
      }
    })();
  }

  async function vote(form: HTMLFormElement, pressed: HTMLButtonElement): Promise<void> {
    // Through the API (a signed-in reader in the frame sends its bearer session there). Pressing
    // the button of one's own vote again takes it back.
    const id = form.action.match(/\/comments\/(\d+)\/vote$/)?.[1];
    if (!id) return;
    const value = pressed.getAttribute("aria-pressed") === "true" ? 0 : Number(pressed.value);
    const res = await api(`/api/v1/comments/${id}/vote`, {
      method: "POST",
      headers: { "content-type": "application/json", ...signedInHeaders() },
      body: JSON.stringify({ value }),
      credentials: "same-origin",
    });
    if (!res.ok) {
      const p = (await res.json().catch(() => null)) as { detail?: string } | null;
      form.title = p?.detail ?? "";
      return;
    }
    const s = (await res.json()) as { up: number; down: number; mine: number };
    const score = form.querySelector<HTMLElement>("[data-score]");
    if (score) score.textContent = String(form.querySelector(".vote-down") ? s.up - s.down : s.up);
    for (const b of form.querySelectorAll<HTMLButtonElement>("button[name=value]")) b.setAttribute("aria-pressed", String(Number(b.value) === s.mine));
  }

  function bumpCount(delta: number): void {
    const el = root.querySelector("[data-comment-count]");
    if (el) el.textContent = String(Math.max(0, Number(el.textContent) + delta));
  }
}

/** "4.10" after "4.9", parents before their replies. */
function comparePaths(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function button(label: string, onClick: (b: HTMLButtonElement) => void, className = "link-button"): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = label;
  b.addEventListener("click", () => onClick(b));
  return b;
}

function showProblem(form: HTMLFormElement, p: Problem): void {
  clearProblems(form);
  const msg = document.createElement("p");
  msg.className = "field-error";
  msg.setAttribute("role", "alert");
  msg.textContent = p.detail ?? m.failed;
  const field = p.field ? form.querySelector<HTMLElement>(`[name="${CSS.escape(p.field)}"]`) : null;
  if (field) {
    field.setAttribute("aria-invalid", "true");
    field.after(msg);
    field.focus();
  } else {
    form.querySelector("button[type=submit]")?.before(msg);
  }
}

function clearProblems(form: HTMLFormElement): void {
  for (const el of form.querySelectorAll(".field-error, .form-error")) el.remove();
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

function loadTokens(): Record<number, string> {
  try {
    return JSON.parse(localStorage.getItem(TOKENS_KEY) ?? "{}") as Record<number, string>;
  } catch {
    return {};
  }
}

/** In an embedded frame a site may have signed the reader in (SSO): the session travels as a header. */
function signedInHeaders(): Record<string, string> {
  try {
    const bearer = sessionStorage.getItem("broadsheet:session");
    return bearer ? { authorization: `Bearer ${bearer}` } : {};
  } catch {
    return {};
  }
}

function saveToken(id: number, token: string): void {
  const tokens = loadTokens();
  tokens[id] = token;
  const ids = Object.keys(tokens).map(Number).sort((a, b) => b - a).slice(0, 200);
  localStorage.setItem(TOKENS_KEY, JSON.stringify(Object.fromEntries(ids.map((i) => [i, tokens[i]]))));
}

function refreshTimes(): void {
  for (const t of document.querySelectorAll<HTMLTimeElement>("li.comment time[datetime]")) {
    t.textContent = relativeTime(Date.parse(t.dateTime), Date.now(), m.lang);
  }
}

/** A page served by us already counted its view; a copy served from a cache asks us to count it. */
function countViewIfCached(threadId: string): void {
  const servedAt = Number(document.querySelector<HTMLElement>("[data-served-at]")?.dataset.servedAt);
  if (!Number.isFinite(servedAt) || Date.now() - servedAt < 60_000) return;
  navigator.sendBeacon(`/api/v1/threads/${threadId}/views`);
}
