/** Time comes in through this port so tests can pin it. Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** Randomness comes in through this port: secrets and tokens. */
export interface Random {
  /** `bytes` cryptographically random bytes, base64url-encoded. */
  token(bytes: number): string;
}

/** Cryptographic hashing, injected so the domain stays free of node built-ins. */
export interface Hasher {
  /** Hex SHA-256 of the UTF-8 text. */
  sha256(text: string): string;
  /** base64url HMAC-SHA256 of the UTF-8 text under the key (signing SSO tokens and webhooks). */
  hmacSha256(key: string, text: string): string;

}
