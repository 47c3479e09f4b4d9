import { parseId, NO_ID } from "../domain/shared/ids.js";
import type { FastifyRequest } from "fastify";
import { postComment } from "../domain/comments/post-comment.js";
import type { Comment } from "../domain/comments/comment.js";
import { normaliseEmail } from "../domain/mail/mail.js";
import { subscribeToReplies } from "../domain/notifications/subscriptions.js";
import { OWN_SITE_ID } from "../domain/sites/site.js";
import type { AppDeps } from "./deps.js";
import { DomainError } from "../domain/shared/errors.js";
import { writerOf } from "./client.js";

/** The fields of the plain (no-JavaScript) comment form, as posted. */
export type CommentFormFields = { body?: string; authorName?: string; authorWebsite?: string; parentId?: string; homepage?: string; notify?: string; notifyEmail?: string };

/**
 * Posts what a plain comment form sent (our post page's, or the embedded frame's): refused inside
 * the caller's try — over the limit, or a parent that is no number — so the form comes back with
 * the reader's text and the problem named.
 */
export async function postFromForm(deps: AppDeps, req: FastifyRequest, threadId: number, form: CommentFormFields) {
  if (req.floodRefusal) throw req.floodRefusal;
  const parentId = form.parentId ? (parseId(form.parentId) ?? NO_ID) : undefined;
  const notify = form.notify === "1" || form.notify === "on";
  checkNotifyAddress(req, notify, form.notifyEmail);
  const posted = await postComment(deps, {
    threadId,
    parentId,
    body: String(form.body ?? ""),
    authorName: form.authorName,
    authorWebsite: form.authorWebsite,
    honeypot: form.homepage,
    ...writerOf(req),
  });
  if (notify) await subscribeAfterPosting(deps, req, posted.comment, form.notifyEmail);
  return posted;
}

/** A guest who asks for reply notifications gives an address: checked before anything is stored. */
export function checkNotifyAddress(req: FastifyRequest, notify: boolean, email: string | undefined): void {
  if (notify && !req.user && !normaliseEmail(email ?? "")) throw new DomainError("invalid_input", "Give the e-mail address to notify (it is never shown).", "notifyEmail").as("notifyAddress");
}

/** The subscription "E-mail me when someone replies" asked for, for the account or the guest's address. */
export async function subscribeAfterPosting(deps: AppDeps, req: FastifyRequest, comment: Comment, email: string | undefined): Promise<void> {
  await subscribeToReplies(
    {
      ...deps,
      mailSite: async (siteId) => {
        const site = await deps.sites.getSite(siteId);
        return { id: site.id, name: site.name, language: site.language, publicUrl: deps.config.publicUrl };
      },
      discussionTitle: async (threadId) => {
        const found = await deps.threads.findThreadWithPost(threadId);
        return { siteId: found?.thread.siteId ?? OWN_SITE_ID, title: found?.post?.title ?? found?.thread.page?.title ?? "" };
      },
    },
    { threadId: comment.threadId, commentId: comment.id, account: req.user ? { userId: req.user.id, email: req.user.email, emailVerified: req.user.emailVerified } : undefined, email },
  );
  deps.outboxWorker.kick();
}
