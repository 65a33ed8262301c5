// Page requests of visitors who may read nothing: 401 before anything renders.
import { NextResponse, type NextRequest } from "next/server";
import { getAuthConfig } from "@/lib/auth/auth-config";
import { resolveActor } from "@/lib/auth/resolve-actor";
import { getDb } from "@/lib/db/client";
import { coveredQueries } from "@/lib/db/render-reads";

/**
 * Pages only: API routes answer 401 themselves (lib/api), Next's own files and the icon are
 * public, and the sign-in and first-admin pages are what a signed-out visitor is meant to see.
 */
export const config = { matcher: ["/((?!api/|_next/|login|setup|icon\\.svg|favicon\\.ico).*)"] };

/**
 * With anonymous access off (`STEPSCOPE_ANONYMOUS_ROLE=none`), a page asked for (HTML or a
 * React Server Component payload) by someone not signed in answers 401. The page still
 * renders — the root layout shows the sign-in form in its place and every data page's
 * `requirePageRole` refuses before any query — so the body is the sign-in form, at the URL
 * that was asked for (signing in lands there). Only the status is set here: the status of a
 * streamed page is sent with its first byte, before the page's own `unauthorized()` is known.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const auth = getAuthConfig();
  if (auth.anonymousRole !== null) return NextResponse.next();
  // Server actions (POST) authorize themselves; only reads of a page are answered here.
  if (request.method !== "GET" && request.method !== "HEAD") return NextResponse.next();
  const db = await getDb();
  // Covered: the viewer is part of the render cache's key (lib/server/render-cache.ts).
  const actor = await coveredQueries(() =>
    resolveActor(
      db,
      { header: (name) => request.headers.get(name), cookie: (name) => request.cookies.get(name)?.value },
      auth,
    ),
  );
  return actor.role === null ? NextResponse.next({ status: 401 }) : NextResponse.next();
}
