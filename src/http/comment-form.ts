import type { FastifyRequest } from "fastify";
import { postComment, type PostCommentDeps } from "../domain/comments/post-comment.js";
import { DomainError } from "../domain/shared/errors.js";
import { writerOf } from "./client.js";

/** The fields of the plain (no-JavaScript) comment form, as posted. */
export type CommentFormFields = { body?: string; authorName?: string; authorWebsite?: string; parentId?: string; homepage?: string };

/**
 * Posts what a plain comment form sent (our post page's, or the embedded frame's): refused inside
 * the caller's try — over the limit, or a parent that is no number — so the form comes back with
 * the reader's text and the problem named.
 */
export function postFromForm(deps: PostCommentDeps, req: FastifyRequest, threadId: number, form: CommentFormFields) {
  if (req.floodRefusal) throw req.floodRefusal;
  const parentId = form.parentId ? Number(form.parentId) : undefined;
  if (parentId !== undefined && !Number.isSafeInteger(parentId)) throw new DomainError("parent_not_found", "The comment you are replying to does not exist.", "parentId");
  return postComment(deps, {
    threadId,
    parentId,
    body: String(form.body ?? ""),
    authorName: form.authorName,
    authorWebsite: form.authorWebsite,
    honeypot: form.homepage,
    ...writerOf(req),
  });
}
