import { createHash, randomBytes } from "node:crypto";

export const sessionCookieName = "stepscope_session";

/** 256 random bits, URL-safe: what the cookie carries. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps instead of the token itself. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
