import type { FastifyInstance, FastifyReply } from "fastify";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import { isDomainError } from "../../domain/shared/errors.js";
import { completePasswordReset, requestPasswordReset, resendVerification, signUp, verifyEmail } from "../../domain/users/reader-accounts.js";
import { startSession } from "../../domain/users/start-session.js";
import type { User } from "../../domain/users/user.js";
import { Layout } from "../../views/layout.js";
import { CheckInboxPage, ConfirmLinkPage, NewPasswordPage, ResetRequestPage, SignUpPage } from "../../views/reader-account-pages.js";
import type { AppDeps } from "../deps.js";
import { floodCount } from "../plugins/flood-guard.js";
import { requirePermission, SESSION_COOKIE, setSessionCookie } from "../plugins/sessions.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";

type Form = Record<string, string | undefined>;
const text = (v: unknown) => (typeof v === "string" ? v : "");

/** Sign up, confirm the address, forgot and reset the password: the reader's side of accounts. */
export function registerReaderAccountPages(app: FastifyInstance, deps: AppDeps): void {
  const forms = [app.csrfProtection];
  // Counted per network; refused inside the handler so the form comes back with the reader's text.
  const mailFlood = floodCount(deps, "mail");
  const secure = deps.config.publicUrl.startsWith("https:");
  const site = async () => {
    const s = await deps.sites.getSite(OWN_SITE_ID);
    return { id: s.id, name: s.name, language: s.language, publicUrl: deps.config.publicUrl };
  };
  const page = async (reply: FastifyReply, title: string, body: preact.JSX.Element) =>
    reply.type("text/html; charset=utf-8").header("cache-control", "no-store").header("referrer-policy", "no-referrer").send(renderDocument(<Layout title={title} siteName={(await site()).name}>{body}</Layout>));
  /** A refusal the form shows: status, Retry-After, and the message by its field. */
  const refused = (reply: FastifyReply, err: unknown) => {
    if (!isDomainError(err)) throw err;
    reply.status(STATUS_OF[err.code]);
    if (err.retryAfterSeconds !== undefined) reply.header("retry-after", String(err.retryAfterSeconds));
    return { field: err.field, message: err.message };
  };

  app.get("/signup", async (req, reply) => {
    if (req.user) return reply.redirect("/account", 303);
    return page(reply, "Sign up", <SignUpPage csrfToken={reply.generateCsrf()} />);
  });

  app.post<{ Body: Form }>("/signup", { onRequest: mailFlood, preValidation: forms }, async (req, reply) => {
    const form = req.body ?? {};
    const values = { displayName: text(form.displayName), email: text(form.email) };
    try {
      if (req.floodRefusal) throw req.floodRefusal;
      await signUp(deps, await site(), { ...values, password: text(form.password) });
      deps.outboxWorker.kick();
      return page(reply, "Check your inbox", <CheckInboxPage email={values.email} />);
    } catch (err) {
      return page(reply, "Sign up", <SignUpPage csrfToken={reply.generateCsrf()} values={values} error={refused(reply, err)} />);
    }
  });

  app.get<{ Querystring: { token?: string } }>("/account/verify", async (req, reply) =>
    page(
      reply,
      "Confirm your address",
      <ConfirmLinkPage csrfToken={reply.generateCsrf()} action="/account/verify" token={text(req.query.token)} title="Confirm your address" text="One more step: press the button to confirm that this address is yours." button="Confirm my address" />,
    ),
  );

  app.post<{ Body: Form }>("/account/verify", { preValidation: forms }, async (req, reply) => {
    const token = text(req.body?.token);
    try {
      const userId = await verifyEmail(deps, token);
      // The link proved the address: its owner is signed in (a new session, whoever was before).
      const session = await startSession(deps, { userId, previousToken: req.cookies[SESSION_COOKIE] });
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return reply.redirect("/account?verified=1", 303);
    } catch (err) {
      const error = refused(reply, err);
      return page(reply, "Confirm your address", <ConfirmLinkPage csrfToken={reply.generateCsrf()} action="/account/verify" token={token} title="Confirm your address" text="" button="Try again" error={error} />);
    }
  });

  app.post("/account/verify/resend", { onRequest: mailFlood, preValidation: forms, preHandler: requirePermission("useAccount") }, async (req, reply) => {
    if (req.floodRefusal) throw req.floodRefusal;
    await resendVerification(deps, await site(), (req.user as User).id);
    deps.outboxWorker.kick();
    return reply.redirect("/account?sent=1", 303);
  });

  app.get<{ Querystring: { token?: string } }>("/account/reset", async (req, reply) =>
    req.query.token
      ? page(reply, "Choose a new password", <NewPasswordPage csrfToken={reply.generateCsrf()} token={req.query.token} />)
      : page(reply, "Forgot your password?", <ResetRequestPage csrfToken={reply.generateCsrf()} />),
  );

  app.post<{ Body: Form }>("/account/reset", { onRequest: mailFlood, preValidation: forms }, async (req, reply) => {
    const email = text(req.body?.email);
    try {
      if (req.floodRefusal) throw req.floodRefusal;
      await requestPasswordReset(deps, await site(), { email });
      deps.outboxWorker.kick();
      return page(reply, "Check your inbox", <CheckInboxPage email={email} />);
    } catch (err) {
      return page(reply, "Forgot your password?", <ResetRequestPage csrfToken={reply.generateCsrf()} email={email} error={refused(reply, err)} />);
    }
  });

  app.post<{ Body: Form }>("/account/reset/new", { preValidation: forms }, async (req, reply) => {
    const token = text(req.body?.token);
    try {
      const userId = await completePasswordReset(deps, { token, password: text(req.body?.password) });
      const session = await startSession(deps, { userId, previousToken: req.cookies[SESSION_COOKIE] });
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return reply.redirect("/account?reset=1", 303);
    } catch (err) {
      return page(reply, "Choose a new password", <NewPasswordPage csrfToken={reply.generateCsrf()} token={token} error={refused(reply, err)} />);
    }
  });
}
