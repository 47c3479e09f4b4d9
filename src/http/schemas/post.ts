import { Type } from "@sinclair/typebox";

export const PublicPost = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  url: Type.String({ description: "Absolute URL of the post page" }),
  title: Type.String(),
  standfirst: Type.Union([Type.String(), Type.Null()]),
  dateline: Type.Union([Type.String(), Type.Null()]),
  bodyHtml: Type.String({ description: "Sanitised HTML" }),
  publishedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  leadImage: Type.Union([Type.Object({ url: Type.String(), caption: Type.Union([Type.String(), Type.Null()]), credit: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  source: Type.Union([Type.Object({ outlet: Type.String(), url: Type.String(), publishedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]) }), Type.Null()]),
  canonicalUrl: Type.String(),
  threadId: Type.Integer(),
});
