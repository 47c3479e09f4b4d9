import { parseId, NO_ID } from "../../domain/shared/ids.js";
import type { FastifyInstance, FastifyReply } from "fastify";
import { confirmSubscription, setDigestByLink, subscribe, unsubscribe } from "../../domain/notifications/subscriptions.js";
import { getWritableDiscussion } from "../../domain/threads/find-discussion.js";
import { floodCount } from "../plugins/flood-guard.js";
import { isDomainError } from "../../domain/shared/errors.js";
import { OWN_SITE_ID } from "../../domain/sites/site.js";
import { Layout } from "../../views/layout.js";
import { MessagePage } from "../../views/message-page.js";
import { ConfirmLinkPage } from "../../views/reader-account-pages.js";
import type { AppDeps } from "../deps.js";
import { STATUS_OF } from "../problem.js";
import { renderDocument } from "../render.js";

type UnsubscribeQuery = { Querystring: { s?: string; k?: string; all?: string } };

/** A guest confirms reply notifications; anyone with a mailed link stops them, in one click. */
export function registerSubscriptionPages(app: FastifyInstance, deps: AppDeps): void {
  const page = async (reply: FastifyReply, title: string, body: preact.JSX.Element) =>
    reply.type("text/html; charset=utf-8").header("cache-control", "no-store").header("referrer-policy", "no-referrer").send(renderDocument(<Layout title={title} siteName={(await deps.sites.getSite(OWN_SITE_ID)).name}>{body}</Layout>));
  const message = (reply: FastifyReply, heading: string, text: string) => page(reply, heading, <MessagePage heading={heading} message={text} back={{ href: "/", label: "Back to the front page" }} />);

  app.get<{ Querystring: { token?: string } }>("/subscriptions/confirm", async (req, reply) =>
    page(
      reply,
      "Confirm notifications",
      <ConfirmLinkPage csrfToken={reply.generateCsrf()} action="/subscriptions/confirm" token={String(req.query.token ?? "")} title="Confirm notifications" text="Press the button to be e-mailed when someone replies to you." button="Yes, notify me" />,
    ),
  );

  app.post<{ Body: { token?: string } }>("/subscriptions/confirm", { preValidation: app.csrfProtection }, async (req, reply) => {
    try {
      await confirmSubscription(deps, String(req.body?.token ?? ""));
      return message(reply, "Notifications confirmed", "You will get an e-mail when someone replies. Every message has a link to stop them.");
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return message(reply, "This link does not work", err.message);
    }
  });

  // "Follow this discussion": every new comment by mail (a guest confirms the address once).
  const mailFlood = floodCount(deps, "mail");
  app.post<{ Params: { id: string }; Body: { email?: string } }>("/threads/:id/follow", { onRequest: mailFlood }, async (req, reply) => {
    try {
      if (req.floodRefusal) throw req.floodRefusal;
      const threadId = parseId(req.params.id) ?? NO_ID;
      const { thread, site, post } = await getWritableDiscussion(deps, Number.isSafeInteger(threadId) ? threadId : 0);
      const account = req.user ? { userId: req.user.id, email: req.user.email, emailVerified: req.user.emailVerified } : undefined;
      const { subscription, confirmationSent } = await subscribe(deps, { id: site.id, name: site.name, language: site.language, publicUrl: deps.config.publicUrl }, {
        threadId: thread.id,
        commentId: null,
        title: post?.title ?? thread.page?.title ?? "",
        account,
        email: req.body?.email,
      });
      deps.outboxWorker.kick();
      const text = subscription.confirmedAt !== null ? "You will get an e-mail for each new comment. Every message has a link to stop them." : confirmationSent ? "Check your inbox: open the link we sent to confirm." : "Confirm your address first (the link we mailed you); then the e-mails start.";
      return message(reply, "Following the discussion", text);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      if (err.retryAfterSeconds !== undefined) reply.header("retry-after", String(err.retryAfterSeconds));
      return message(reply, "Not followed", err.message);
    }
  });

  // Mail scanners follow links: opening the link only shows the button.
  app.get<UnsubscribeQuery>("/unsubscribe", async (req, reply) => {
    const everything = req.query.all === "1";
    const action = `/unsubscribe?${new URLSearchParams({ s: String(req.query.s ?? ""), k: String(req.query.k ?? ""), ...(everything ? { all: "1" } : {}) }).toString()}`;
    return page(
      reply,
      "Stop e-mails",
      <div class="message-page">
        <h1>Stop e-mails</h1>
        <p>{everything ? "No more notification e-mails to this address, from any discussion." : "No more e-mails about this comment or discussion."}</p>
        <form method="post" action={action}>
          <button type="submit">Stop them</button>
        </form>
      </div>,
    );
  });

  // "One e-mail a day instead" (on=1) or "one e-mail each instead" (on=0), from a mailed link.
  type DigestQuery = { Querystring: { s?: string; k?: string; on?: string } };
  app.get<DigestQuery>("/subscriptions/digest", async (req, reply) => {
    const on = req.query.on !== "0";
    const action = `/subscriptions/digest?${new URLSearchParams({ s: String(req.query.s ?? ""), k: String(req.query.k ?? ""), on: on ? "1" : "0" }).toString()}`;
    return page(
      reply,
      on ? "A daily digest" : "One e-mail each",
      <div class="message-page">
        <h1>{on ? "A daily digest" : "One e-mail each"}</h1>
        <p>{on ? "One e-mail a day, in the morning, with the new comments of this discussion, instead of one e-mail for each." : "One e-mail for each new comment of this discussion, instead of a daily digest."}</p>
        <form method="post" action={action}>
          <button type="submit">{on ? "Yes, once a day" : "Yes, each one"}</button>
        </form>
      </div>,
    );
  });

  app.post<DigestQuery>("/subscriptions/digest", { config: { writes: "signed-link" } }, async (req, reply) => {
    try {
      const on = req.query.on !== "0";
      await setDigestByLink(deps, { subscriptionId: parseId(req.query.s) ?? NO_ID, signature: String(req.query.k ?? ""), digest: on });
      return message(reply, "Notifications changed", on ? "Done: one e-mail a day from now on, when there is something new." : "Done: one e-mail for each new comment from now on.");
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return message(reply, "This link does not work", err.message);
    }
  });

  app.post<UnsubscribeQuery>("/unsubscribe", { config: { writes: "signed-link" } }, async (req, reply) => {
    try {
      const n = await unsubscribe(deps, { subscriptionId: parseId(req.query.s) ?? NO_ID, signature: String(req.query.k ?? ""), everything: req.query.all === "1" });
      return message(reply, "Unsubscribed", n > 0 ? "Done: no more e-mails of this kind will be sent." : "Nothing to stop: this subscription had already ended.");
    } catch (err) {
      if (!isDomainError(err)) throw err;
      reply.status(STATUS_OF[err.code]);
      return message(reply, "This link does not work", err.message);
    }
  });
}
