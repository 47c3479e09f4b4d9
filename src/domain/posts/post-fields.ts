import { DomainError } from "../shared/errors.js";
import { cleanLine, cleanText, lengthOf } from "../shared/text.js";
import type { ThreadMode } from "../threads/thread.js";
import { slugify } from "./post.js";
import { calendarTime, zonedToUtc } from "../shared/zoned-time.js";
import { imagesWithoutAlt } from "../markup/render-markdown.js";

/** Everything an editor types for a post. */
export interface PostFields {
  readonly title: string;
  /** Empty: derived from the title. */
  readonly slug: string;
  readonly standfirst: string | null;
  readonly body: string;
  readonly dateline: string | null;
  readonly labels: readonly string[];
  readonly sourceOutlet: string | null;
  readonly sourceUrl: string | null;
  readonly sourcePublishedAt: number | null;
  readonly canonicalToSource: boolean;
  readonly leadImageUrl: string | null;
  readonly leadImageCaption: string | null;
  readonly leadImageCredit: string | null;
  readonly commentMode: ThreadMode;
}

/** When the post goes out. */
export type Publishing = { readonly kind: "draft" } | { readonly kind: "now" } | { readonly kind: "schedule"; readonly at: number };

export const POST_LIMITS = Object.freeze({ title: 200, slug: 80, standfirst: 400, body: 200_000, dateline: 60, label: 40, labels: 12, outlet: 120, url: 500, caption: 400, credit: 120 });
const MODES: readonly ThreadMode[] = ["open", "moderated", "closed", "hidden"];

type Raw = Readonly<Record<string, string | undefined>>;

/** A one-line field: cleaned, empty as null, over `max` refused with the field named. */
function line(value: string | undefined, field: string, max: number, name: string): string | null {
  const v = cleanLine(value ?? "");
  if (v === "") return null;
  if (lengthOf(v) > max) throw new DomainError("invalid_input", `${name} can be at most ${max} characters.`, field);
  return v;
}

function httpUrl(raw: string | undefined, field: string, what: string, allowLocal: boolean): string | null {
  const v = cleanLine(raw ?? "");
  if (v === "") return null;
  if (v.length > POST_LIMITS.url) throw new DomainError("invalid_input", `${what} is too long.`, field);
  if (allowLocal && /^\/(?![/\\])\S*$/.test(v)) return v;
  try {
    const u = new URL(v);
    if (u.protocol === "http:" || u.protocol === "https:") return u.href;
  } catch {
    // fall through
  }
  throw new DomainError("invalid_input", `${what} must be an http(s) address.`, field);
}

/** Validates and normalises the editor's form; the first problem is reported with its field. */
export function cleanPostFields(raw: Raw): PostFields {
  const title = line(raw.title, "title", POST_LIMITS.title, "A title");
  if (!title) throw new DomainError("invalid_input", "A post needs a title.", "title");
  const slugRaw = cleanLine(raw.slug ?? "");
  const slug = slugRaw === "" ? "" : slugify(slugRaw);
  if (slugRaw !== "" && slug !== slugRaw.toLowerCase()) {
    throw new DomainError("invalid_input", `Use lower-case letters, digits and hyphens in the address, e.g. "${slug}".`, "slug");
  }
  const body = cleanText(raw.body ?? "").trim();
  if (body === "") throw new DomainError("invalid_input", "A post needs a body.", "body");
  if (lengthOf(body) > POST_LIMITS.body) throw new DomainError("invalid_input", "The body is too long.", "body");
  const undescribed = imagesWithoutAlt(body);
  if (undescribed > 0) {
    throw new DomainError("invalid_input", `Describe every picture for readers who cannot see it: write the description in ![…](address). ${undescribed === 1 ? "One picture has" : `${undescribed} pictures have`} none.`, "body");
  }
  const labels = [...new Set((raw.labels ?? "").split(",").map((l) => cleanLine(l).toLowerCase()).filter((l) => l !== ""))];
  if (labels.length > POST_LIMITS.labels) throw new DomainError("invalid_input", `At most ${POST_LIMITS.labels} labels.`, "labels");
  for (const l of labels) if (lengthOf(l) > POST_LIMITS.label) throw new DomainError("invalid_input", `A label can be at most ${POST_LIMITS.label} characters.`, "labels");
  const sourceOutlet = line(raw.sourceOutlet, "sourceOutlet", POST_LIMITS.outlet, "The outlet");
  const sourceUrl = httpUrl(raw.sourceUrl, "sourceUrl", "The source address", false);
  if ((sourceOutlet === null) !== (sourceUrl === null)) {
    throw new DomainError("invalid_input", "A republished report needs both the outlet and the address of the original.", sourceOutlet ? "sourceUrl" : "sourceOutlet");
  }
  const sourceDate = cleanLine(raw.sourcePublishedAt ?? "");
  const sourcePublishedAt = sourceDate === "" ? null : calendarTime(Date.parse(sourceDate));
  if (sourcePublishedAt !== null && Number.isNaN(sourcePublishedAt)) throw new DomainError("invalid_input", "The original date is not a date.", "sourcePublishedAt");
  const canonicalToSource = raw.canonicalToSource === "on" || raw.canonicalToSource === "1" || raw.canonicalToSource === "true";
  if (canonicalToSource && !sourceUrl) throw new DomainError("invalid_input", "Only a republished report can point its canonical link at the source.", "canonicalToSource");
  const commentMode = (raw.commentMode ?? "open") as ThreadMode;
  if (!MODES.includes(commentMode)) throw new DomainError("invalid_input", "Choose how comments work on this post.", "commentMode");
  return {
    title,
    slug,
    standfirst: line(raw.standfirst, "standfirst", POST_LIMITS.standfirst, "The standfirst"),
    body,
    dateline: line(raw.dateline, "dateline", POST_LIMITS.dateline, "The dateline"),
    labels,
    sourceOutlet,
    sourceUrl,
    sourcePublishedAt,
    canonicalToSource,
    leadImageUrl: httpUrl(raw.leadImageUrl, "leadImageUrl", "The image address", true),
    leadImageCaption: line(raw.leadImageCaption, "leadImageCaption", POST_LIMITS.caption, "The caption"),
    leadImageCredit: line(raw.leadImageCredit, "leadImageCredit", POST_LIMITS.credit, "The credit"),
    commentMode,
  };
}

/**
 * Reads the publishing choice; a scheduled time must lie in the future. A scheduled time typed without an offset (the editor's datetime-local
 * field) is a wall-clock time in `timeZone`, the site's; with an offset or "Z" it is that instant.
 */
export function cleanPublishing(raw: Raw, now: number, timeZone = "UTC"): Publishing {
  const action = raw.publish ?? "draft";
  if (action === "now") return { kind: "now" };
  if (action === "draft") return { kind: "draft" };
  if (action !== "schedule") throw new DomainError("invalid_input", "Choose draft, publish now or schedule.", "publish");
  const typed = cleanLine(raw.publishAt ?? "");
  const at = /(Z|[+-]\d\d:?\d\d)$/.test(typed) ? calendarTime(Date.parse(typed)) : zonedToUtc(typed, timeZone);
  if (Number.isNaN(at)) throw new DomainError("invalid_input", "Give the date and time to publish at.", "publishAt");
  if (at <= now) throw new DomainError("invalid_input", "The scheduled time is in the past. Publish now, or pick a later time.", "publishAt");
  return { kind: "schedule", at };
}
