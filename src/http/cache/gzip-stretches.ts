import zlib from "node:zlib";
import { promisify } from "node:util";

/**
 * A cached page as gzip without compressing it per request: the long stretches between the
 * request's own slots (a view count, the time served, the masthead's account) are compressed once,
 * each ending on a full flush (byte-aligned, nothing referring back across it), and a request puts
 * its few slot bytes between them as stored blocks. The gzip trailer's CRC-32 is combined from the
 * stretches' own, so no request reads the page's bytes again. (RFC 1951 §3.2.4: a stored block is a
 * 3-bit header padded to the byte, LEN and its one's complement, then the bytes as they are.)
 */
export interface DeflatedStretch {
  /** Raw deflate of the stretch, ending on a full flush: no final block, no trailer. */
  readonly deflated: Buffer;
  readonly crc: number;
  readonly length: number;
  /** The operator that moves a CRC over `length` bytes (for combining CRCs). */
  readonly shift: Uint32Array;
}

const deflateRaw = promisify(zlib.deflateRaw);

/** Compresses a stretch on the thread pool (a 250 KB page takes milliseconds: not on the event loop). */
export async function deflateStretch(bytes: Buffer): Promise<DeflatedStretch> {
  const deflated = await deflateRaw(bytes, { level: 6, finishFlush: zlib.constants.Z_FULL_FLUSH });
  return { deflated, crc: zlib.crc32(bytes), length: bytes.length, shift: shiftOperator(bytes.length) };
}

const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
// A final, empty block with fixed codes: what zlib writes to end a stream after a flush.
const LAST_BLOCK = Buffer.from([0x03, 0x00]);

/** The gzip member `stretches[0] values[0] stretches[1] … stretches[n]`. */
export function gzipOf(stretches: readonly DeflatedStretch[], values: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [HEADER];
  let crc = 0;
  let length = 0;
  stretches.forEach((s, i) => {
    if (i > 0) {
      const v = values[i - 1] ?? Buffer.alloc(0);
      parts.push(...storedBlocks(v));
      crc = zlib.crc32(v, crc);
      length += v.length;
    }
    parts.push(s.deflated);
    crc = (applyOperator(s.shift, crc) ^ s.crc) >>> 0;
    length += s.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  parts.push(LAST_BLOCK, trailer);
  return Buffer.concat(parts);
}

/** Non-final stored blocks holding these bytes as they are (at most 65,535 bytes a block). */
function storedBlocks(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 0xffff) {
    const chunk = bytes.subarray(at, at + 0xffff);
    const head = Buffer.alloc(5);
    head.writeUInt16LE(chunk.length, 1);
    head.writeUInt16LE(~chunk.length & 0xffff, 3);
    out.push(head, chunk);
  }
  return out;
}

// CRC-32 combination as zlib's crc32_combine does it: appending n bytes to data whose CRC is c
// gives (M^n · c) xor crc(those bytes), M being "one zero bit" over GF(2) as a 32 × 32 matrix.

function applyOperator(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0, v = vector >>> 0; v !== 0; i++, v >>>= 1) if (v & 1) sum ^= matrix[i] ?? 0;
  return sum >>> 0;
}

function square(matrix: Uint32Array): Uint32Array {
  const out = new Uint32Array(32);
  for (let i = 0; i < 32; i++) out[i] = applyOperator(matrix, matrix[i] ?? 0);
  return out;
}

function compose(a: Uint32Array, b: Uint32Array): Uint32Array {
  // a after b
  const out = new Uint32Array(32);
  for (let i = 0; i < 32; i++) out[i] = applyOperator(a, b[i] ?? 0);
  return out;
}

/** The operator moving a CRC over `bytes` zero bytes. */
export function shiftOperator(bytes: number): Uint32Array {
  let result: Uint32Array = new Uint32Array(32);
  for (let i = 0; i < 32; i++) result[i] = (1 << i) >>> 0;
  // One zero bit: the reflected polynomial in the first column, a shift in the others.
  let power: Uint32Array = new Uint32Array(32);
  power[0] = 0xedb88320;
  for (let i = 1; i < 32; i++) power[i] = (1 << (i - 1)) >>> 0;
  power = square(square(square(power))); // one zero byte
  for (let n = bytes; n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) result = compose(power, result);
    power = square(power);
  }
  return result;
}
