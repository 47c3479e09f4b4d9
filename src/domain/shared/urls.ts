import { DomainError } from "./errors.js";

/** A full URL typed or sent by someone, or a refusal naming the field at fault. */
export function parseUrlOrRefuse(text: string, field: string, message: string): URL {
  if (!URL.canParse(text.trim())) throw new DomainError("invalid_input", message, field);
  return new URL(text.trim());
}
