import { Type } from "@sinclair/typebox";

/** RFC 9457 problem details, as every API error is answered. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String({ description: "What went wrong, for a person" }),
  code: Type.String({ description: "Stable machine-readable reason, e.g. comment_too_long" }),
  field: Type.Optional(Type.String({ description: "The input at fault" })),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});
