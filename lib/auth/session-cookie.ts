import type { NextRequest, NextResponse } from "next/server";
import { sessionCookieName } from "./session-token";

/** HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Secure behind HTTPS. */
export function setSessionCookie(res: NextResponse, req: NextRequest, token: string, expiresAt: Date): void {
  res.cookies.set(sessionCookieName, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(req),
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(res: NextResponse, req: NextRequest): void {
  res.cookies.set(sessionCookieName, "", {
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(req),
    path: "/",
    maxAge: 0,
  });
}

function isHttps(req: NextRequest): boolean {
  return req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
}
