import { Id } from "./id.js";
import { Type, type Static } from "@sinclair/typebox";

/** A comment as the public sees it (API responses, page rendering, the browser script). */
export const PublicCommentBase = Type.Object({
  id: Type.Integer({ description: "Stable id of the comment" }),
  number: Type.Integer({ description: "Number under its parent (top-level: in the thread); never reused" }),
  path: Type.String({ description: 'Numbers from the top-level ancestor, e.g. "4.2"' }),
  anchor: Type.String({ description: 'Fragment id on the post page, e.g. "c-4-2"' }),
  parentId: Type.Union([Type.Integer(), Type.Null()], { description: "The comment this one sits under" }),
  kind: Type.Union([Type.Literal("comment"), Type.Literal("tombstone")], { description: "tombstone: removed, kept for its replies" }),
  status: Type.Union([Type.Literal("published"), Type.Literal("pending"), Type.Literal("removed_by_author"), Type.Literal("removed_by_moderator")]),
  authorName: Type.Union([Type.String(), Type.Null()], { description: "Null for anonymous (and for tombstones)" }),
  authorWebsite: Type.Union([Type.String(), Type.Null()], { description: "http(s) URL given by the author" }),
  authorVerified: Type.Boolean({ description: "Posted from a signed-in account (the name is the account's)" }),
  bodyHtml: Type.Union([Type.String(), Type.Null()], { description: "Sanitised HTML; null for tombstones" }),
  createdAt: Type.String({ format: "date-time" }),
  editedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  featured: Type.Boolean({ description: "Featured by the editors: shown at the top of the thread too" }),
  replyingTo: Type.Union([Type.Object({ path: Type.String(), authorName: Type.Union([Type.String(), Type.Null()]) }), Type.Null()], {
    description: "Set when attached beside its target because of the depth limit",
  }),
});

export const PublicComment = Type.Recursive(
  (Self) => Type.Composite([PublicCommentBase, Type.Object({ replies: Type.Array(Self) })]),
  { $id: "Comment" },
);
export type PublicComment = Static<typeof PublicCommentBase> & { replies: PublicComment[] };

export const PostCommentBody = Type.Object(
  {
    body: Type.String({ description: "Markdown subset: paragraphs, emphasis, links, quotes, code, lists", maxLength: 20_000 }),
    parentId: Type.Optional(Id({ description: "Reply to this comment" })),
    authorName: Type.Optional(Type.String({ maxLength: 200, description: "Leave empty to comment anonymously" })),
    authorWebsite: Type.Optional(Type.String({ maxLength: 400, description: "http(s) address" })),
    homepage: Type.Optional(Type.String({ maxLength: 400, description: "Honeypot: forms hide this field from people; leave it empty" })),
    notify: Type.Optional(Type.Boolean({ description: "E-mail the writer when someone replies (signed in: the account's address; a guest gives notifyEmail and confirms it once)" })),
    notifyEmail: Type.Optional(Type.String({ maxLength: 254, description: "A guest's address for reply notifications; never shown" })),
  },
  { additionalProperties: false },
);
export type PostCommentBody = Static<typeof PostCommentBody>;

export const EditCommentBody = Type.Object(
  { body: Type.String({ maxLength: 20_000, description: "New Markdown text" }) },
  { additionalProperties: false },
);

export const PostedCommentResponse = Type.Object({
  comment: PublicCommentBase,
  editToken: Type.String({ description: "Secret for editing (15 minutes) and removing; shown once. Send as X-Edit-Token." }),
  threadVersion: Type.Optional(Type.Integer()),
});

export const ThreadResponse = Type.Object({
  threadId: Type.Integer(),
  mode: Type.String({ description: "open | moderated | closed | hidden" }),
  viewCount: Type.Integer(),
  commentCount: Type.Integer(),
  comments: Type.Array(Type.Ref("Comment")),
  nextCursor: Type.Union([Type.Integer(), Type.Null()], { description: "Pass as ?after= for the next page" }),
});
