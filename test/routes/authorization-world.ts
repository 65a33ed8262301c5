import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect } from "vitest";
import { createSession } from "@/lib/auth/sessions";
import { sessionCookieName } from "@/lib/auth/session-token";
import { createUser } from "@/lib/auth/users";
import type { Role } from "@/lib/auth/roles";
import { createTestDatabase, type TestDatabase } from "../db";

// The authorization tests' world: a database with one user per role (and their sessions), an
// imported execution, a failed local run and a few sources; every API route's handler, found
// in app/api; a request to a route as one identity; and the statuses a route must answer.

export type Identity = "none" | Role;
export const identities: readonly Identity[] = ["none", "viewer", "operator", "admin"];
export const roleOrder: readonly Role[] = ["viewer", "operator", "admin"];
const origin = "http://127.0.0.1:3000";
const appApi = path.resolve(__dirname, "../../app/api");

/** What the setup stored, filled in before the first test runs. */
export const world = {
  db: undefined as unknown as TestDatabase,
  failedLocalArn: "",
  uploadedArn: "",
  viewerId: "",
  sourceId: 0,
  removableSourceIds: new Map<string, number>(),
};
const cookies = new Map<Identity, string>();

export interface Call {
  params?: Record<string, string>;
  body?: unknown;
}
export interface RouteRule {
  role: Role;
  /** The request an allowed identity makes (unique per identity where the route creates something). */
  call: (who: Role) => Call;
  /** What an allowed identity gets. */
  allowed: number;
}

export const definition = (states: object) => JSON.stringify({ StartAt: "A", States: states });
export const history = readFileSync(path.resolve(__dirname, "../fixtures/histories/parallel-failure.json"), "utf8");

export const appDir = path.resolve(__dirname, "../../app");
/** Pages that read nothing stored: how one signs in and sets up the first admin. */
export const publicPages = new Set(["/login", "/setup"]);
export function pageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "api" ? [] : pageFiles(full);
    return entry.name === "page.tsx" ? [full] : [];
  });
}

export function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === "route.ts" ? [full] : [];
  });
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const handlers = new Map<string, Handler>();

export async function discoverRoutes(): Promise<string[]> {
  const found: string[] = [];
  for (const file of routeFiles(appApi)) {
    const route = `/api/${path.relative(appApi, path.dirname(file)).split(path.sep).join("/")}`;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      if (typeof mod[method] === "function") {
        found.push(`${method} ${route}`);
        handlers.set(`${method} ${route}`, mod[method] as Handler);
      }
    }
  }
  return found.sort();
}

export async function call(
  route: string,
  who: Identity,
  request: Call,
  headers: Record<string, string> = {},
): Promise<Response> {
  const [method, pattern] = route.split(" ") as [string, string];
  const url = pattern.replace(/\[(\w+)\]/g, (_m, name: string) => encodeURIComponent(request.params?.[name] ?? ""));
  const cookie = cookies.get(who);
  const body =
    request.body === undefined
      ? undefined
      : typeof request.body === "string"
        ? request.body
        : JSON.stringify(request.body);
  const req = new NextRequest(`${origin}${url}`, {
    method,
    headers: {
      host: "127.0.0.1:3000",
      origin,
      "content-type": "application/json",
      ...(cookie ? { cookie: `${sessionCookieName}=${cookie}` } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body }),
  });
  return handlers.get(route)!(req, { params: Promise.resolve(request.params ?? {}) });
}

/** Registers the hooks that build the world (anonymous access off) and drop its database afterwards. */
export function useAuthorizationWorld(): void {
  beforeAll(async () => {
    world.db = await createTestDatabase();
    process.env["DATABASE_URL"] = world.db.url;
    process.env["STEPSCOPE_ANONYMOUS_ROLE"] = "none";
    for (const role of roleOrder) {
      const user = await createUser(world.db.prisma, { username: role, password: `${role} password`, role });
      if (role === "viewer") world.viewerId = user.id;
      cookies.set(
        role,
        (await createSession(world.db, user.id, { sessionIdleMs: 3_600_000, sessionMaxMs: 3_600_000 })).token,
      );
    }
    await discoverRoutes();
    const imported = await call("POST /api/import", "admin", { body: history });
    world.uploadedArn = (
      (await imported.json()) as { executions: { executionArn: string }[] }
    ).executions[0]!.executionArn;
    const run = await call("POST /api/local-runs", "admin", {
      body: { definition: definition({ A: { Type: "Fail", Error: "Boom", Cause: "always" } }) },
    });
    world.failedLocalArn = ((await run.json()) as { executionArn: string }).executionArn;
    const source = await call("POST /api/sources", "admin", {
      body: { name: "aws-setup", region: "us-east-1", endpoint: "http://127.0.0.1:9", settings: {} },
    });
    world.sourceId = ((await source.json()) as { id: number }).id;
    for (const who of ["viewer", "operator", "admin"]) {
      const removable = await call("POST /api/sources", "admin", {
        body: { name: `remove-me-${who}`, region: "us-east-1", settings: {} },
      });
      world.removableSourceIds.set(who, ((await removable.json()) as { id: number }).id);
    }
  });

  afterAll(async () => {
    // The syncs started above fail at once (nothing listens on port 9); let them record that first.
    for (let i = 0; i < 100; i += 1) {
      const { rows } = await world.db.pool
        .query<{ n: string }>("SELECT count(*) AS n FROM sources WHERE sync_state = 'RUNNING'")
        .catch(() => ({ rows: [{ n: "0" }] }));
      if (rows[0]?.n === "0") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await world.db.drop();
  });
}

/** Calls `route` as each identity and expects 401 without a session, 403 below `rule.role`, `rule.allowed` from it up. */
export async function expectRoleMatrix(route: string, rule: RouteRule): Promise<void> {
  const seen: Record<string, number> = {};
  for (const who of identities) {
    const res = await call(route, who, rule.call(who === "none" ? "viewer" : who));
    seen[who] = res.status;
    if (res.status !== 401 && res.status !== 403 && res.status !== rule.allowed) {
      throw new Error(`${route} as ${who}: ${res.status} ${await res.text()}`);
    }
  }
  const expected = Object.fromEntries(
    identities.map((who) => [
      who,
      who === "none" ? 401 : roleOrder.indexOf(who) >= roleOrder.indexOf(rule.role) ? rule.allowed : 403,
    ]),
  );
  expect(seen).toEqual(expected);
}
