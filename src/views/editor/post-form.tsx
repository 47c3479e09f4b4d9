import type { JSX } from "preact";
import { POST_LIMITS } from "../../domain/posts/post-fields.js";

/** The form's values as text, exactly as the editor typed them (kept when a save is refused). */
export type PostFormValues = Readonly<Record<string, string | undefined>>;

export interface PostFormProps {
  readonly action: string;
  readonly values: PostFormValues;
  readonly csrfToken: string;
  readonly error?: { field?: string | undefined; message: string } | undefined;
  readonly notice?: string | undefined;
  /** Rendered preview of the body, when the editor asked for one. */
  readonly previewHtml?: string | undefined;
  readonly postId?: number | undefined;
  readonly publicUrl?: string | undefined;
  /** The site's zone: a scheduled time is typed and shown in it. */
  readonly timeZone?: string | undefined;
}

/** Create or edit a post: Markdown with a preview, the report's attribution, publishing. */
export function PostForm(p: PostFormProps) {
  const v = p.values;
  const err = p.error;
  const field = (name: string, label: string, input: JSX.Element, hint?: string) => (
    <div class="field">
      <label for={`post-${name}`}>{label}</label>
      {input}
      {hint ? <p class="hint">{hint}</p> : null}
      {err?.field === name ? <p class="field-error" id={`post-${name}-error`} role="alert">{err.message}</p> : null}
    </div>
  );
  const attrs = (name: string) => ({
    id: `post-${name}`,
    name,
    ...(err?.field === name ? { "aria-invalid": true as const, "aria-describedby": `post-${name}-error` } : {}),
  });
  const publish = v.publish ?? "draft";
  return (
    <div class="editor">
      <h1>{p.postId ? "Edit post" : "New post"}</h1>
      {p.notice ? <p class="notice" role="status">{p.notice}</p> : null}
      {p.publicUrl ? <p><a href={p.publicUrl}>View the post</a> · <a href={`/editor/posts/${p.postId}/revisions`}>Revisions</a></p> : null}
      {err && !err.field ? <p class="form-error" role="alert">{err.message}</p> : null}
      <form method="post" action={p.action} class="post-form" data-post-form="" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        {/* The version of the post this form was opened on: a save over someone else's later one is refused. */}
        {v.basedOn ? <input type="hidden" name="basedOn" value={v.basedOn} /> : null}
        {field("title", "Title", <input {...attrs("title")} required maxLength={POST_LIMITS.title} value={v.title ?? ""} />)}
        {field("slug", "Address", <input {...attrs("slug")} maxLength={POST_LIMITS.slug} value={v.slug ?? ""} placeholder="made from the title" />, "The post lives at /posts/<address>; old addresses keep redirecting.")}
        {field("standfirst", "Standfirst", <input {...attrs("standfirst")} maxLength={POST_LIMITS.standfirst} value={v.standfirst ?? ""} />)}
        {field("dateline", "Dateline", <input {...attrs("dateline")} maxLength={POST_LIMITS.dateline} value={v.dateline ?? ""} placeholder="PORT ELLIS" />)}
        {field("body", "Body (Markdown)", <textarea {...attrs("body")} rows={16} required>{v.body ?? ""}</textarea>)}
        <section class="preview" aria-live="polite">
          <h2>Preview</h2>
          <div class="post-body" data-preview="" dangerouslySetInnerHTML={{ __html: p.previewHtml ?? "" }} />
        </section>
        {field("labels", "Labels", <input {...attrs("labels")} value={v.labels ?? ""} placeholder="floods, councils" />, "Separated by commas.")}
        <fieldset>
          <legend>Republished report</legend>
          {field("sourceOutlet", "Outlet", <input {...attrs("sourceOutlet")} maxLength={POST_LIMITS.outlet} value={v.sourceOutlet ?? ""} />)}
          {field("sourceUrl", "Original address", <input {...attrs("sourceUrl")} type="url" maxLength={POST_LIMITS.url} value={v.sourceUrl ?? ""} />)}
          {field("sourcePublishedAt", "Originally published", <input {...attrs("sourcePublishedAt")} type="date" value={v.sourcePublishedAt ?? ""} />)}
          <label class="inline">
            <input type="checkbox" name="canonicalToSource" checked={v.canonicalToSource === "on"} {...(err?.field === "canonicalToSource" ? { "aria-invalid": true as const } : {})} /> Point search engines at the original (rel=canonical)
          </label>
          {err?.field === "canonicalToSource" ? <p class="field-error" role="alert">{err.message}</p> : null}
        </fieldset>
        <fieldset>
          <legend>Lead image</legend>
          {field("leadImageFile", "Upload an image", <input {...attrs("leadImageFile")} type="file" accept="image/jpeg,image/png,image/webp" />, "JPEG, PNG or WebP, at most 5 MB. Or give an address below.")}
          {field("leadImageUrl", "Image address", <input {...attrs("leadImageUrl")} maxLength={POST_LIMITS.url} value={v.leadImageUrl ?? ""} placeholder="/media/… or https://…" />)}
          {field("leadImageCaption", "Caption", <input {...attrs("leadImageCaption")} maxLength={POST_LIMITS.caption} value={v.leadImageCaption ?? ""} />)}
          {field("leadImageCredit", "Credit", <input {...attrs("leadImageCredit")} maxLength={POST_LIMITS.credit} value={v.leadImageCredit ?? ""} />)}
        </fieldset>
        {field(
          "commentMode",
          "Comments",
          <select {...attrs("commentMode")}>
            {[["open", "Open"], ["moderated", "Held for approval"], ["closed", "Closed (read-only)"], ["hidden", "Hidden"]].map(([value, label]) => (
              <option value={value} selected={(v.commentMode ?? "open") === value}>{label}</option>
            ))}
          </select>,
        )}
        <fieldset>
          <legend>Publishing</legend>
          <label class="inline"><input type="radio" name="publish" value="draft" checked={publish === "draft"} /> Save as draft</label>
          <label class="inline"><input type="radio" name="publish" value="now" checked={publish === "now"} /> Publish now</label>
          <label class="inline"><input type="radio" name="publish" value="schedule" checked={publish === "schedule"} /> Schedule for</label>
          <input id="post-publishAt" name="publishAt" type="datetime-local" value={v.publishAt ?? ""} aria-label={`Publish at (${p.timeZone ?? "UTC"})`} {...(err?.field === "publishAt" ? { "aria-invalid": true as const } : {})} />
          <span class="hint"> ({p.timeZone ?? "UTC"} time)</span>
          {err?.field === "publishAt" || err?.field === "publish" ? <p class="field-error" role="alert">{err.message}</p> : null}
        </fieldset>
        <button type="submit" name="action" value="save">Save</button>
        <button type="submit" name="action" value="preview" class="secondary">Preview</button>
      </form>
      {p.postId ? (
        <form method="post" action={`/editor/posts/${p.postId}/unpublish`}>
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <button type="submit" class="secondary">Unpublish</button>{" "}
          <a href={`/editor/posts/${p.postId}/trash`} class="danger-link">Delete…</a>
        </form>
      ) : null}
    </div>
  );
}
