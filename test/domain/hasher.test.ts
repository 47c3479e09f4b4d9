import { describe, expect, it } from "vitest";
import { sha256Hasher } from "../../src/security/node-crypto.js";

describe("the hasher every reader key, token and network hash goes through", () => {
  it("gives the standard SHA-256 of the text's UTF-8, in hex", () => {
    expect(sha256Hasher.sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hasher.sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // Of the UTF-8 bytes (as Python's hashlib.sha256("声东击西".encode()) gives), not UTF-16 or Latin-1.
    expect(sha256Hasher.sha256("声东击西")).toBe("86e39e672ca9ae17e89f30c4300a88501389a0a881f09923709f354f72f4102b");
  });
});
