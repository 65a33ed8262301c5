import { HistoryInputError } from "./history-input-error";
import type { InputLocation } from "./types";

/**
 * Decodes a history file's bytes as UTF-8, the only encoding AWS writes JSON in (RFC 8259
 * §8.1). A leading byte order mark is dropped (editors on Windows add one). Bytes that are
 * not UTF-8 are refused rather than replaced with U+FFFD, which would change payloads
 * without a word.
 * @throws {HistoryInputError} naming the line and (byte) column of the first bad byte.
 */
export function decodeHistoryBytes(bytes: Uint8Array, file: string | undefined): string {
  try {
    // `ignoreBOM: false` (the default) is what strips a leading BOM.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++)
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    const where: InputLocation = { ...(file === undefined ? {} : { file }), line, column: offset - lineStart + 1 };
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    throw new HistoryInputError(where, `not UTF-8: byte 0x${byte} at offset ${offset} (save the file as UTF-8)`);
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (Unicode Table 3-7). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
