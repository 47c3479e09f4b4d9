import { Type, type IntegerOptions } from "@sinclair/typebox";
import { MAX_ID } from "../../domain/shared/ids.js";

/** An id in a path, a query or a body: 1 … MAX_ID (domain/shared/ids.ts); anything else is a 400 naming the field. */
export const Id = (options: IntegerOptions = {}) => Type.Integer({ minimum: 1, maximum: MAX_ID, ...options });

/** A cursor or version counted from 0: a number, a thread version, "after this number". */
export const Cursor = (options: IntegerOptions = {}) => Type.Integer({ minimum: 0, maximum: MAX_ID, ...options });
