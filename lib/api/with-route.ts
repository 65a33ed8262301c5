import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { AppError, toErrorResponse } from "./errors";

type Params = Record<string, string | string[] | undefined>;
type Handler<P extends Params> = (req: NextRequest, ctx: { params: P }) => Promise<Response | unknown>;

/**
 * Wraps a route handler: maps errors to JSON answers, turns plain return values into
 * JSON, and refuses cross-site mutating requests (a browser sends `Origin`; it must be
 * this host).
 */
export function withRoute<P extends Params>(handler: Handler<P>) {
  return async (req: NextRequest, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") assertSameOrigin(req);
      const result = await handler(req, { params: await ctx.params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      const { status, body } = toErrorResponse(err);
      return NextResponse.json(body, { status });
    }
  };
}

function assertSameOrigin(req: NextRequest): void {
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site") throw new AppError({ code: "forbidden", message: "Cross-site request refused" });
  if (origin && origin !== "null") {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    if (!host || new URL(origin).host !== host) {
      throw new AppError({ code: "forbidden", message: "Cross-site request refused" });
    }
  }
}
