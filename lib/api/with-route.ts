import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/lib/db/client";
import { actorIdentity, coveredQueries, noteRenderActor } from "@/lib/db/render-reads";
import type { Actor } from "@/lib/auth/actor";
import { getAuthConfig } from "@/lib/auth/auth-config";
import { resolveActor } from "@/lib/auth/resolve-actor";
import { hasRole, type Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { toErrorResponse } from "./errors";
import { rememberWrite, withWroteCookie, wroteCookie } from "./read-your-writes";

type Params = Record<string, string | string[] | undefined>;
export interface RouteContext<P extends Params> {
  params: P;
  /** Who sent the request (already checked against the route's role). */
  actor: Actor;
}
type Handler<P extends Params> = (req: NextRequest, ctx: RouteContext<P>) => Promise<Response | unknown>;

export interface RouteOptions {
  /**
   * The least role that may call the route. Default: `viewer` for GET/HEAD, `admin` for
   * anything that changes something (a route that operators may call says so).
   * `"public"`: anyone, signed in or not (sign-in, first-admin setup, health).
   */
  role?: Role | "public";
}

/**
 * Wraps a route handler: refuses cross-site mutating requests (a browser sends `Origin`
 * and `Sec-Fetch-Site`; they must be this host), resolves who is asking and checks the
 * route's role on the server (401 without a session, 403 with too weak a role), maps
 * errors to JSON answers and turns plain return values into JSON.
 */
export function withRoute<P extends Params>(handler: Handler<P>, options: RouteOptions = {}) {
  return async (req: NextRequest, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const mutating = req.method !== "GET" && req.method !== "HEAD";
      if (mutating) assertSameOrigin(req);
      const needed = options.role ?? (mutating ? "admin" : "viewer");
      const actor = await actorOf(req);
      if (needed !== "public") assertAllowed(actor, needed);
      const params = await ctx.params;
      const result = await withWroteCookie(req.cookies.get(wroteCookie)?.value, () => handler(req, { params, actor }));
      const response = result instanceof Response ? result : NextResponse.json(result);
      // With a read replica, what this request wrote is what the asker reads next (read-your-writes).
      return mutating ? await rememberWrite(response) : response;
    } catch (err) {
      const { status, body } = toErrorResponse(err);
      return NextResponse.json(body, { status });
    }
  };
}

async function actorOf(req: NextRequest): Promise<Actor> {
  const db = await getDb();
  // The viewer is part of the render cache's key (lib/server/render-cache.ts), looked up again for every request.
  const actor = await coveredQueries(() =>
    resolveActor(
      db,
      { header: (name) => req.headers.get(name), cookie: (name) => req.cookies.get(name)?.value },
      getAuthConfig(),
    ),
  );
  noteRenderActor(actorIdentity(actor));
  return actor;
}

function assertAllowed(actor: Actor, needed: Role): void {
  if (hasRole(actor.role, needed)) return;
  if (actor.via === "anonymous") {
    throw new AppError({ code: "unauthorized", message: `Sign in required: this needs the ${needed} role` });
  }
  throw new AppError({
    code: "forbidden",
    message: `${actor.name} has the ${actor.role ?? "no"} role; this needs ${needed}`,
  });
}

function assertSameOrigin(req: NextRequest): void {
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site") throw new AppError({ code: "forbidden", message: "Cross-site request refused" });
  // Browsers send `Origin: null` from sandboxed iframes, data: URLs and some redirects: an
  // origin that cannot be this host. (No Origin at all is a non-browser client: no CSRF.)
  if (origin === "null")
    throw new AppError({ code: "forbidden", message: "Cross-site request refused (Origin: null)" });
  if (origin) {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    if (!host || new URL(origin).host !== host) {
      throw new AppError({ code: "forbidden", message: "Cross-site request refused" });
    }
  }
}
