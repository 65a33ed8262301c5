import { SfnError } from "./sfn-error";

/**
 * `nextToken` of a paged list: the offset of the next page, bound to the request it belongs to
 * (`scope`), so a token given to another list is refused as AWS refuses it (`InvalidToken`).
 */
export function encodePageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset }), "utf8").toString("base64url");
}

/** The offset a `nextToken` carries (0 without one); `InvalidToken` when it is not one of this list's. */
export function decodePageToken(token: string | undefined, scope: string): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { s?: unknown; o?: unknown };
    if (parsed.s === scope && typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0)
      return parsed.o;
  } catch {
    // Falls through to the refusal below.
  }
  throw new SfnError("InvalidToken", `Invalid Token: '${token.length > 64 ? `${token.slice(0, 64)}…` : token}'`);
}
