import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isDomainError, type ReaderText } from "../domain/shared/errors.js";
import { acceptedLanguage, problemText } from "../views/i18n/problems.js";
import { MessagePage } from "../views/message-page.js";
import { Layout } from "../views/layout.js";
import { HttpError, problem, type Problem } from "./problem.js";
import { isDatabaseUnavailable, isNumberOutOfRange, isTooLongToIndex, isUnstorableText } from "../storage/db.js";
import { renderDocument } from "./render.js";

/**
 * Turns any thrown error into a problem: our codes kept, framework errors named, 5xx text hidden.
 * What a reader can meet is worded in the language the request asks for (Accept-Language: the
 * discussion's script sends its interface's), English otherwise.
 */
export function toProblem(err: unknown, req: FastifyRequest): Problem {
  const lang = acceptedLanguage(req.headers["accept-language"]);
  const say = (text: ReaderText, english: string) => problemText(lang, text, english);
  if (isDomainError(err)) return problem(err.code, err.text ? say(err.text, err.message) : err.message, err.field);
  if (err instanceof HttpError) return problem(err.code, err.message, err.field);
  const e = err as FastifyError & { validation?: Array<{ instancePath?: string; params?: Record<string, unknown>; message?: string }>; validationContext?: string };
  if (e.validation && e.validation.length > 0) {
    const v: { instancePath?: string; params?: Record<string, unknown>; message?: string } = e.validation[0] ?? {};
    const missing = typeof v.params?.missingProperty === "string" ? v.params.missingProperty : undefined;
    const extra = typeof v.params?.additionalProperty === "string" ? v.params.additionalProperty : undefined;
    const field = (v.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".") || missing || extra || e.validationContext || "body";
    const what = extra
      ? say({ key: "fieldUnknown", params: { field: extra } }, `Unknown field "${extra}".`)
      : missing
        ? say({ key: "fieldRequired", params: { field: missing } }, `"${missing}" is required.`)
        : say({ key: "fieldInvalid", params: { field } }, `"${field}" ${v.message ?? "is invalid"}.`);
    return problem("invalid_input", what, field);
  }
  if (isDatabaseUnavailable(err)) {
    req.log.warn({ err }, "database unavailable");
    return problem("database_unavailable", say({ key: "databaseDown" }, "The database is not answering at the moment. Nothing was saved; try again in a few seconds."));
  }
  if (isNumberOutOfRange(err)) {
    req.log.warn({ err }, "number out of range reached the database");
    return problem("invalid_input", say({ key: "numberOutOfRange" }, "A number in this request is larger than anything stored here."));
  }
  if (isTooLongToIndex(err)) {
    req.log.warn({ err }, "a value too long to index reached the database");
    return problem("invalid_input", say({ key: "valueTooLong" }, "A value in this request is longer than anything stored here can be."));
  }
  if (isUnstorableText(err)) {
    req.log.warn({ err }, "unstorable text reached the database");
    return problem("invalid_encoding", "The request holds a character that cannot be stored (a NUL, or a broken sequence).");
  }
  if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE") return problem("payload_too_large", say({ key: "requestTooLarge" }, "The request body is larger than 64 KiB."));
  if (e.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return problem("unsupported_media_type", "Send the body as application/json.");
  if (e.code === "FST_ERR_CTP_EMPTY_JSON_BODY") return problem("malformed_json", "The JSON body is empty.");
  if (e.statusCode === 403 && /csrf/i.test(e.message)) return problem("csrf", say({ key: "formExpired" }, "The form expired. Reload the page and try again."));
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { ...problem("invalid_input", e.message), status: e.statusCode };
  }
  req.log.error({ err }, "unhandled error");
  // The id lets a reader quote the failure and an operator find its log line.
  return problem("internal", say({ key: "internal", params: { reference: req.id } }, `Something went wrong on our side (reference ${req.id}).`));
}

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith("/api/") || (req.headers.accept ?? "").startsWith("application/json");
}

/** Sends a problem as problem+json to API clients and as a short HTML page to browsers. */
export function sendProblem(req: FastifyRequest, reply: FastifyReply, p: Problem, siteName: string): FastifyReply {
  reply.status(p.status);
  if (isApiRequest(req)) return reply.type("application/problem+json; charset=utf-8").send(JSON.stringify(p));
  const heading = p.status === 404 ? "Not found" : p.status >= 500 ? "Something went wrong" : "That did not work";
  return reply.type("text/html; charset=utf-8").send(
    renderDocument(
      <Layout title={heading} siteName={siteName}>
        <MessagePage heading={heading} message={p.detail} back={{ href: "/", label: "Go to the front page" }} />
      </Layout>,
    ),
  );
}

/**
 * `movedTo` answers where an old address now is (an imported post's address on Blogger or
 * WordPress: /2024/06/harbour-wall.html, /?p=123, /2024/06/hello/): such a GET is sent on with 301.
 */
export function registerErrorHandling(app: FastifyInstance, siteName: () => string, movedTo?: (address: string) => Promise<string | undefined>): void {
  app.setErrorHandler((err, req, reply) => {
    reply.header("vary", "accept-language");
    if (isDomainError(err) && err.retryAfterSeconds !== undefined) reply.header("retry-after", String(err.retryAfterSeconds));
    if (isDatabaseUnavailable(err)) reply.header("retry-after", "5");
    return sendProblem(req, reply, toProblem(err, req), siteName());
  });
  app.setNotFoundHandler(async (req, reply) => {
    if (movedTo && (req.method === "GET" || req.method === "HEAD") && !isApiRequest(req) && req.url.length <= 2000) {
      const [path = "/", query = ""] = req.url.split("?");
      const p = new URLSearchParams(query).get("p");
      const candidates = p && /^\d{1,12}$/.test(p) ? [`/?p=${p}`] : [path, path.endsWith("/") ? path.slice(0, -1) : `${path}/`];
      for (const c of candidates) {
        const to = await movedTo(c);
        if (to) return reply.redirect(to, 301);
      }
    }
    return sendProblem(req, reply, problem("not_found", "There is nothing at this address."), siteName());
  });
}
