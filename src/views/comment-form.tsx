import { LIMITS } from "../domain/comments/comment-input.js";
import { useMessages } from "./i18n/context.js";

/** What a re-rendered form shows: the reader's text and the problem, named by field. */
export interface FormState {
  readonly values: { body?: string; authorName?: string; authorWebsite?: string; parentId?: string; notify?: string; notifyEmail?: string };
  readonly error?: { field?: string | undefined; message: string } | undefined;
}

export interface CommentFormProps {
  readonly action: string;
  readonly parentId?: number | undefined;
  readonly allowAnonymous: boolean;
  readonly state?: FormState | undefined;
  readonly heading: string;
  readonly id?: string;
}

/** The plain HTML comment form; it works without JavaScript and the browser script enhances it. */
export function CommentForm({ action, parentId, allowAnonymous, state, heading, id = "comment-form" }: CommentFormProps) {
  const m = useMessages();
  const v = state?.values ?? {};
  const err = state?.error;
  const fieldError = (field: string) =>
    err && err.field === field ? <p class="field-error" id={`${id}-${field}-error`} role="alert">{err.message}</p> : null;
  const invalid = (field: string) => (err && err.field === field ? { "aria-invalid": true as const, "aria-describedby": `${id}-${field}-error` } : {});
  return (
    <form method="post" action={action} class="comment-form" id={id} data-comment-form="">
      <h3>{heading}</h3>
      {err && !["body", "authorName", "authorWebsite", "notifyEmail"].includes(err.field ?? "") ? <p class="form-error" role="alert">{err.message}</p> : null}
      {parentId !== undefined ? <input type="hidden" name="parentId" value={String(parentId)} /> : null}
      <label for={`${id}-body`}>{m.body}</label>
      <textarea id={`${id}-body`} name="body" rows={5} required maxLength={LIMITS.bodyChars} {...invalid("body")}>{v.body ?? ""}</textarea>
      {fieldError("body")}
      <p class="hint">{m.markdownHint}</p>
      <div class="form-row">
        <span>
          <label for={`${id}-name`}>{m.name} {allowAnonymous ? <span class="optional">{m.optional}</span> : null}</label>
          <input id={`${id}-name`} name="authorName" dir="auto" maxLength={LIMITS.nameChars} value={v.authorName ?? ""} autocomplete="nickname" required={!allowAnonymous} {...invalid("authorName")} />
          {fieldError("authorName")}
        </span>
        <span>
          <label for={`${id}-website`}>{m.website} <span class="optional">{m.optional}</span></label>
          <input id={`${id}-website`} name="authorWebsite" dir="ltr" inputMode="url" maxLength={LIMITS.websiteChars} value={v.authorWebsite ?? ""} placeholder="https://" {...invalid("authorWebsite")} />
          {fieldError("authorWebsite")}
        </span>
      </div>
      <fieldset class="notify">
        <label>
          <input type="checkbox" name="notify" value="1" checked={v.notify === "1" || v.notify === "on"} /> {m.notifyMe}
        </label>
        <label for={`${id}-notify-email`}>{m.notifyEmail}</label>
        <input id={`${id}-notify-email`} name="notifyEmail" type="email" dir="ltr" maxLength={254} autocomplete="email" value={v.notifyEmail ?? ""} {...invalid("notifyEmail")} />
        {fieldError("notifyEmail")}
      </fieldset>
      {/* A honeypot: hidden from people (and from screen readers); bots that fill every box fill this. */}
      <div class="hp" aria-hidden="true">
        <label>
          {m.honeypot} <input name="homepage" tabIndex={-1} autocomplete="off" value="" />
        </label>
      </div>
      <button type="submit">{m.post}</button>
    </form>
  );
}
