import { z } from "zod";

/**
 * A keyset position in the executions list: the sort field, that row's sort value (ISO
 * date, number or text; null for a running execution's stop date or duration) and its id.
 * Pages after or before it are read by comparing keys, not by skipping rows, so page
 * 2,000 costs what page 2 does.
 */
export interface ExecutionListCursor {
  /** The `sort` the list had; a cursor of another sort is refused. */
  readonly sort: string;
  readonly value: string | number | null;
  readonly id: string;
}

const cursorSchema = z.tuple([
  z.string().max(40),
  z.union([z.string().max(1000), z.number(), z.null()]),
  z.string().regex(/^\d{1,19}$/),
]);

// btoa/atob rather than Buffer: the list's params (and so this check) are parsed in the browser too.
const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const fromBase64Url = (token: string) =>
  new TextDecoder("utf-8", { fatal: true }).decode(
    Uint8Array.from(atob(token.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0)),
  );

/** The cursor as a URL-safe token (base64url of a small JSON array). */
export function encodeExecutionListCursor(c: ExecutionListCursor): string {
  return toBase64Url(JSON.stringify([c.sort, c.value, c.id]));
}

/** The cursor a token holds, or an error message saying why it is not one. */
export function decodeExecutionListCursor(
  token: string,
): { ok: true; cursor: ExecutionListCursor } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(fromBase64Url(token));
  } catch {
    return { ok: false, message: "not a cursor this list produced (not base64url JSON)" };
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: "not a cursor this list produced (expected [sort, value, id])" };
  const [sort, value, id] = parsed.data;
  return { ok: true, cursor: { sort, value, id } };
}
