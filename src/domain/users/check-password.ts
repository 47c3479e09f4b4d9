import { DomainError } from "../shared/errors.js";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./user.js";

/** A new password must be long enough, and short enough not to make hashing a denial of service. */
export function checkNewPassword(password: string, field = "password"): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError("invalid_input", `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`, field);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw new DomainError("invalid_input", "That password is too long.", field);
}
