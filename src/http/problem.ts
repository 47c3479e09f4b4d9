import type { ErrorCode } from "../domain/shared/errors.js";

/** HTTP status for each domain error code: the one place this mapping lives. */
export const STATUS_OF: Record<ErrorCode | "malformed_json" | "invalid_encoding" | "payload_too_large" | "unsupported_media_type" | "csrf" | "database_unavailable" | "internal", number> = {
  not_found: 404,
  invalid_input: 400,
  thread_closed: 403,
  anonymous_not_allowed: 400,
  parent_not_found: 400,
  parent_in_other_thread: 400,
  invalid_token: 403,
  edit_window_closed: 403,
  comment_removed: 409,
  rate_limited: 429,
  conflict: 409,
  invalid_credentials: 401,
  unauthenticated: 401,
  forbidden: 403,
  banned: 403,
  comment_in_other_thread: 400,
  malformed_json: 400,
  invalid_encoding: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  csrf: 403,
  database_unavailable: 503,
  internal: 500,
};

export type ProblemCode = keyof typeof STATUS_OF;

/** RFC 9457 problem details, with our stable code and the field at fault. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
  errors?: Array<{ field: string; message: string }>;
}

export function problem(code: ProblemCode, detail: string, field?: string, status = STATUS_OF[code]): Problem {
  return {
    type: `/problems/${code}`,
    title: code.replace(/_/g, " "),
    status,
    detail,
    code,
    ...(field ? { field, errors: [{ field, message: detail }] } : {}),
  };
}

/** Errors raised by our own HTTP plumbing (body parsing, CSRF), carrying a code like domain errors. */
export class HttpError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
