import { DomainError } from "../shared/errors.js";
import { parseUrlOrRefuse } from "../shared/urls.js";

/**
 * Query parameters that say how a reader arrived, never which page they are on: dropped, so
 * `?utm_source=…` and a Facebook click reach the same thread as the plain address.
 */
const TRACKING = /^(utm_.*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|_ga|_gl|igshid|twclid|ttclid|li_fat_id|ref_src|s_cid|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wickedid|_hsenc|_hsmi|hsctatracking)$/i;

const MAX_URL_LENGTH = 2000;

/**
 * The address a page's thread is found by: scheme and host lower-cased (URL does that), default
 * port, fragment and credentials dropped, tracking parameters removed, the remaining query kept in
 * its order. Only http and https pages have threads.
 */
export function normalisePageUrl(text: string): string {
  const url = parseUrlOrRefuse(text, "url", "The page address is not a full URL.");
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new DomainError("invalid_input", "Only http and https pages have discussions.", "url");
  url.hash = "";
  url.username = "";
  url.password = "";
  const kept = [...url.searchParams].filter(([name]) => !TRACKING.test(name));
  url.search = new URLSearchParams(kept).toString();
  const out = url.toString();
  if (out.length > MAX_URL_LENGTH) throw new DomainError("invalid_input", `The page address is longer than ${MAX_URL_LENGTH} characters.`, "url");
  return out;
}

/** The origin of a normalised page address, as browsers write it. */
export function originOf(pageUrl: string): string {
  return new URL(pageUrl).origin;
}
