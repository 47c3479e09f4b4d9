import type { FastifyInstance } from "fastify";
import { wellFormed } from "../../domain/shared/text.js";
import { HttpError } from "../problem.js";

/** Largest request body accepted anywhere. */
export const BODY_LIMIT = 64 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The charset a Content-Type declares, lower-cased ("utf-8" when it declares none: what JSON and our forms are). */
function declaredCharset(contentType: string | undefined): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? "");
  return match ? match[1]!.toLowerCase() : "utf-8";
}

/**
 * Bodies are read as UTF-8 only: one declared in another charset is refused rather than read as
 * the wrong letters ("café" sent as Latin-1 stored as "caf\uFFFD", or refused as invalid UTF-8 far from the cause).
 */
function decodeUtf8(body: Buffer, contentType: string | undefined): string {
  const charset = declaredCharset(contentType);
  if (charset !== "utf-8" && charset !== "utf8") throw new HttpError("unsupported_media_type", "Send the body as UTF-8 (charset=utf-8).", "content-type");
  try {
    return utf8.decode(body);
  } catch {
    throw new HttpError("invalid_encoding", "The request body is not valid UTF-8.");
  }
}

/**
 * Parses application/x-www-form-urlencoded strictly: malformed escapes and invalid UTF-8 are
 * refused. A repeated name keeps its first value, except names ending in "[]" (ticked boxes),
 * which collect every value into an array.
 */
export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const [k, v] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(k.replace(/\+/g, " "));
      value = decodeURIComponent(v.replace(/\+/g, " "));
    } catch {
      throw new HttpError("invalid_encoding", "The form data is not valid UTF-8.");
    }
    if (key.includes("\u0000") || value.includes("\u0000")) [key, value] = [wellFormed(key), wellFormed(value)];
    if (key.endsWith("[]")) {
      const list = out[key];
      if (Array.isArray(list)) list.push(value);
      else out[key] = [value];
    } else if (!(key in out)) out[key] = value;
  }
  return out;
}

/** Every string in a parsed JSON value (keys too) made storable (wellFormed), so no field holds text UTF-8 or PostgreSQL cannot store. */
function wellFormedDeep(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedDeep);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormedDeep(v)]));
  return value;
}

/** JSON and form bodies: size-capped, strictly UTF-8, with errors that name what went wrong. */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(["application/json", "text/plain"]);
  app.addContentTypeParser("application/json", { parseAs: "buffer", bodyLimit: BODY_LIMIT }, (req, body: Buffer, done) => {
    let text: string;
    try {
      text = decodeUtf8(body, req.headers["content-type"]);
    } catch (err) {
      return done(err as Error);
    }
    if (text.trim() === "") return done(null, undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return done(new HttpError("malformed_json", "The request body is not valid JSON."));
    }
    // Only a \u escape can make a lone surrogate or a NUL: the bytes were already checked as UTF-8.
    done(null, /\\u([dD][89a-fA-F]|0000)/.test(text) ? wellFormedDeep(value) : value);
  });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "buffer", bodyLimit: BODY_LIMIT }, (req, body: Buffer, done) => {
    try {
      done(null, parseForm(decodeUtf8(body, req.headers["content-type"])));
    } catch (err) {
      done(err as Error);
    }
  });
}
