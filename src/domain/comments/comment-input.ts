import { DomainError } from "../shared/errors.js";
import { cleanLine, cleanText, lengthOf } from "../shared/text.js";

/** Limits on what a reader may write. Columns are unbounded text, so a cap cannot be truncated away. */
export const LIMITS = Object.freeze({ bodyChars: 10_000, nameChars: 60, websiteChars: 200 });

/** The fields a reader types, as received. */
export interface RawAuthorFields {
  readonly body: string;
  readonly authorName?: string | undefined;
  readonly authorWebsite?: string | undefined;
}

/** Normalised, validated fields, ready to store. */
export interface CleanAuthorFields {
  readonly body: string;
  readonly authorName: string | null;
  readonly authorWebsite: string | null;
}

/** Checks and normalises a comment body. Throws DomainError naming the field. */
export function cleanBody(raw: string): string {
  const body = cleanText(raw).replace(/^\s*\n|\s+$/g, "");
  if (body.trim() === "") throw new DomainError("invalid_input", "Write something before posting.", "body").as("bodyEmpty");
  if (lengthOf(body) > LIMITS.bodyChars) {
    throw new DomainError("invalid_input", `A comment can be at most ${LIMITS.bodyChars.toLocaleString("en")} characters.`, "body").as("bodyTooLong", { max: LIMITS.bodyChars });
  }
  return body;
}

/** Checks and normalises the optional name; empty means anonymous. */
export function cleanName(raw: string | undefined): string | null {
  const name = cleanLine(raw ?? "");
  if (name === "") return null;
  if (lengthOf(name) > LIMITS.nameChars) {
    throw new DomainError("invalid_input", `A name can be at most ${LIMITS.nameChars} characters.`, "authorName").as("nameTooLong", { max: LIMITS.nameChars });
  }
  return name;
}

/** Checks the optional website: an absolute http(s) URL with a host, nothing else. */
export function cleanWebsite(raw: string | undefined): string | null {
  const text = cleanLine(raw ?? "");
  if (text === "") return null;
  if (lengthOf(text) > LIMITS.websiteChars) {
    throw new DomainError("invalid_input", `A website address can be at most ${LIMITS.websiteChars} characters.`, "authorWebsite").as("websiteTooLong", { max: LIMITS.websiteChars });
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    throw new DomainError("invalid_input", "The website must be a web address such as https://example.com.", "authorWebsite").as("websiteNotUrl");
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "" || url.username || url.password) {
    throw new DomainError("invalid_input", "The website must start with http:// or https://.", "authorWebsite").as("websiteScheme");
  }
  return url.href;
}

/** Validates every field a reader typed; the first problem found is reported. */
export function cleanAuthorFields(raw: RawAuthorFields): CleanAuthorFields {
  return { body: cleanBody(raw.body), authorName: cleanName(raw.authorName), authorWebsite: cleanWebsite(raw.authorWebsite) };
}
