import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/sessions";
import { sessionCookieName } from "@/lib/auth/session-token";
import { createUser } from "@/lib/auth/users";
import type { Role } from "@/lib/auth/roles";
import { createTestDatabase, type TestDatabase } from "../db";

// Every API route (mutating and GET) × {no session, viewer, operator, admin}: the role is
// checked on the server before the handler runs (401 without a session, 403 with a weaker
// role), and a strong enough role gets the route's own answer. Routes are discovered from
// app/api, so a new route fails this test until it is listed here with its role. Pages are
// discovered from app/ too: each one that reads data authorizes first (requirePageRole).

type Identity = "none" | Role;
const identities: readonly Identity[] = ["none", "viewer", "operator", "admin"];
const roleOrder: readonly Role[] = ["viewer", "operator", "admin"];
const origin = "http://127.0.0.1:3000";
const appApi = path.resolve(__dirname, "../../app/api");

let db: TestDatabase;
const cookies = new Map<Identity, string>();
let failedLocalArn = "";
let uploadedArn = "";
let viewerId = "";
let sourceId = 0;
const removableSourceIds = new Map<string, number>();

interface Call {
  params?: Record<string, string>;
  body?: unknown;
}
interface RouteRule {
  role: Role;
  /** The request an allowed identity makes (unique per identity where the route creates something). */
  call: (who: Role) => Call;
  /** What an allowed identity gets. */
  allowed: number;
}

const definition = (states: object) => JSON.stringify({ StartAt: "A", States: states });
const history = readFileSync(path.resolve(__dirname, "../fixtures/histories/parallel-failure.json"), "utf8");

const rules: Record<string, RouteRule> = {
  "POST /api/import": { role: "operator", call: () => ({ body: history }), allowed: 200 },
  "POST /api/local-runs": {
    role: "operator",
    call: () => ({ body: { definition: definition({ A: { Type: "Pass", End: true } }) } }),
    allowed: 200,
  },
  "POST /api/local-runs/validate": {
    role: "viewer",
    call: () => ({ body: { definition: definition({ A: { Type: "Pass", End: true } }) } }),
    allowed: 200,
  },
  "POST /api/sources": {
    role: "admin",
    call: (who) => ({
      body: { name: `aws-${who}`, region: "us-east-1", endpoint: "http://127.0.0.1:9", settings: {} },
    }),
    allowed: 200,
  },
  "PATCH /api/sources/[id]": {
    role: "admin",
    call: () => ({
      params: { id: String(sourceId) },
      body: { endpoint: "http://127.0.0.1:9", settings: { pollIntervalSeconds: 600 } },
    }),
    allowed: 200,
  },
  "DELETE /api/sources/[id]": {
    role: "admin",
    // Each allowed identity removes a source of its own (made in beforeAll).
    call: (who) => ({ params: { id: String(removableSourceIds.get(who) ?? 0) } }),
    allowed: 200,
  },
  "PUT /api/retention": {
    role: "admin",
    call: () => ({ body: { default: { executionDays: null, rollupDays: null }, sources: {} } }),
    allowed: 200,
  },
  "POST /api/sources/[id]/sync": { role: "operator", call: () => ({ params: { id: String(sourceId) } }), allowed: 200 },
  "DELETE /api/sources/demo": { role: "admin", call: () => ({}), allowed: 200 },
  "POST /api/users": {
    role: "admin",
    call: (who) => ({ body: { username: `new-${who}`, password: "a long password", role: "viewer" } }),
    allowed: 200,
  },
  "PATCH /api/users/[id]": {
    role: "admin",
    call: () => ({ params: { id: viewerId }, body: { role: "viewer" } }),
    allowed: 200,
  },
  "POST /api/executions/[arn]/replay": {
    role: "operator",
    call: () => ({ params: { arn: failedLocalArn }, body: { mode: "local" } }),
    allowed: 200,
  },
  "POST /api/state-machines/[arn]/test": {
    role: "operator",
    call: () => ({
      // The uploaded execution's state machine: its newest recorded execution replayed against a one-state definition.
      params: { arn: encodeURIComponent(uploadedArn.replace(/:execution:([^:]+):[^:]+$/, ":stateMachine:$1")) },
      body: {
        definition: definition({ A: { Type: "Pass", End: true } }),
        selection: { kind: "last", count: 1 },
      },
    }),
    allowed: 200,
  },
  "POST /api/executions/[arn]/redrive": {
    role: "operator",
    call: () => ({ params: { arn: failedLocalArn }, body: {} }),
    allowed: 200,
  },
  "POST /api/bulk-actions": {
    role: "operator",
    call: () => ({ body: { action: "redrive", filters: "status=FAILED", dryRun: true } }),
    allowed: 200,
  },
  "POST /api/saved-views": {
    role: "operator",
    call: (who) => ({ body: { name: `failed-${who}`, query: 'status = "FAILED"' } }),
    allowed: 200,
  },
  // No saved view has this id: past authorization the route says so.
  "DELETE /api/saved-views/[id]": { role: "operator", call: () => ({ params: { id: "999999" } }), allowed: 404 },
  // Alerts: admins edit rules and evaluate on demand; operators mute rules and acknowledge incidents.
  // No rule or incident has id 999999, and an empty rule is refused: past authorization the route says so.
  "POST /api/alerts/evaluate": { role: "admin", call: () => ({ body: {} }), allowed: 200 },
  "POST /api/alerts/rules": { role: "admin", call: () => ({ body: {} }), allowed: 422 },
  "PUT /api/alerts/rules/[id]": { role: "admin", call: () => ({ params: { id: "999999" }, body: {} }), allowed: 422 },
  "DELETE /api/alerts/rules/[id]": { role: "admin", call: () => ({ params: { id: "999999" } }), allowed: 404 },
  // A test send to a rule's channels: admins (it reaches real people). No rule 999999: past authorization, 404.
  "POST /api/alerts/rules/[id]/test": {
    role: "admin",
    call: () => ({ params: { id: "999999" }, body: {} }),
    allowed: 404,
  },
  "POST /api/alerts/rules/[id]/mute": {
    role: "operator",
    call: () => ({ params: { id: "999999" }, body: { minutes: 60 } }),
    allowed: 404,
  },
  // The route answers 409 for an incident it cannot acknowledge (unknown, or acknowledged already).
  "POST /api/alerts/incidents/[id]/acknowledge": {
    role: "operator",
    call: () => ({ params: { id: "999999" }, body: {} }),
    allowed: 409,
  },
  // Past authorization the route refuses: the execution is not a running AWS one.
  "POST /api/executions/[arn]/stop": {
    role: "operator",
    call: () => ({ params: { arn: uploadedArn }, body: {} }),
    allowed: 409,
  },
};
/** Anyone may call these: they are how one signs in. */
const publicRoutes = new Set(["POST /api/auth/login", "POST /api/auth/logout", "POST /api/auth/setup"]);

const arnCall =
  (extra: Record<string, string> = {}) =>
  (): Call => ({ params: { arn: uploadedArn, ...extra } });
/** Reads: viewer unless the rule says otherwise; `allowed` is what a strong enough identity gets. */
const getRules: Record<string, RouteRule> = {
  "GET /api/analytics/backfill": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/analytics/costs": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/analytics/failures": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/analytics/overview": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/audit": { role: "operator", call: () => ({}), allowed: 200 },
  // No bulk action has this id: past authorization the route says so.
  "GET /api/bulk-actions/[id]": { role: "viewer", call: () => ({ params: { id: "999999" } }), allowed: 404 },
  "GET /api/executions": { role: "viewer", call: () => ({}), allowed: 200 },
  // The list's CSV export (no format: CSV), as the list itself: viewers.
  "GET /api/executions/export": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/executions/[arn]": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/actions": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/comparable": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/definition": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/events": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/events/[id]": { role: "viewer", call: arnCall({ id: "1" }), allowed: 200 },
  "GET /api/executions/[arn]/history": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/map-runs": { role: "viewer", call: arnCall(), allowed: 200 },
  // Past authorization the route asks for its `node` query parameter.
  "GET /api/executions/[arn]/node-runs": { role: "viewer", call: arnCall(), allowed: 422 },
  "GET /api/executions/[arn]/overlay": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/runs": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/runs/[key]": { role: "viewer", call: arnCall({ key: "no-such-run" }), allowed: 404 },
  "GET /api/executions/[arn]/view": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/metrics": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/saved-views": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/alerts": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/retention": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/sources": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/users": { role: "admin", call: () => ({}), allowed: 200 },
};
/** Anyone may read these: the load balancer's probe, and who one is (the sign-in form asks). */
const publicGetRoutes = new Set(["GET /api/health", "GET /api/auth/me"]);

const appDir = path.resolve(__dirname, "../../app");
/** Pages that read nothing stored: how one signs in and sets up the first admin. */
const publicPages = new Set(["/login", "/setup"]);
function pageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "api" ? [] : pageFiles(full);
    return entry.name === "page.tsx" ? [full] : [];
  });
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === "route.ts" ? [full] : [];
  });
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const handlers = new Map<string, Handler>();

async function discoverMutatingRoutes(): Promise<string[]> {
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

async function call(
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

beforeAll(async () => {
  db = await createTestDatabase();
  process.env["DATABASE_URL"] = db.url;
  process.env["STEPSCOPE_ANONYMOUS_ROLE"] = "none";
  for (const role of roleOrder) {
    const user = await createUser(db.prisma, { username: role, password: `${role} password`, role });
    if (role === "viewer") viewerId = user.id;
    cookies.set(role, (await createSession(db, user.id, { sessionIdleMs: 3_600_000, sessionMaxMs: 3_600_000 })).token);
  }
  await discoverMutatingRoutes();
  const imported = await call("POST /api/import", "admin", { body: history });
  uploadedArn = ((await imported.json()) as { executions: { executionArn: string }[] }).executions[0]!.executionArn;
  const run = await call("POST /api/local-runs", "admin", {
    body: { definition: definition({ A: { Type: "Fail", Error: "Boom", Cause: "always" } }) },
  });
  failedLocalArn = ((await run.json()) as { executionArn: string }).executionArn;
  const source = await call("POST /api/sources", "admin", {
    body: { name: "aws-setup", region: "us-east-1", endpoint: "http://127.0.0.1:9", settings: {} },
  });
  sourceId = ((await source.json()) as { id: number }).id;
  for (const who of ["viewer", "operator", "admin"]) {
    const removable = await call("POST /api/sources", "admin", {
      body: { name: `remove-me-${who}`, region: "us-east-1", settings: {} },
    });
    removableSourceIds.set(who, ((await removable.json()) as { id: number }).id);
  }
});

afterAll(async () => {
  // The syncs started above fail at once (nothing listens on port 9); let them record that first.
  for (let i = 0; i < 100; i += 1) {
    const { rows } = await db.pool
      .query<{ n: string }>("SELECT count(*) AS n FROM sources WHERE sync_state = 'RUNNING'")
      .catch(() => ({ rows: [{ n: "0" }] }));
    if (rows[0]?.n === "0") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await db.drop();
});

describe("authorization matrix", () => {
  it("lists every mutating route with its role (a new route must be added here)", async () => {
    const discovered = await discoverMutatingRoutes();
    expect(discovered.filter((r) => !r.startsWith("GET "))).toEqual([...Object.keys(rules), ...publicRoutes].sort());
  });

  it("lists every GET route with its role (a new route must be added here)", async () => {
    const discovered = await discoverMutatingRoutes();
    expect(discovered.filter((r) => r.startsWith("GET "))).toEqual(
      [...Object.keys(getRules), ...publicGetRoutes].sort(),
    );
  });

  for (const [route, rule] of Object.entries(getRules)) {
    it(`${route}: ${rule.role} and above`, async () => {
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
    });
  }

  it("every page that reads stored data authorizes first, with the role the page needs", async () => {
    const { pageRole } = await import("@/lib/auth/page-roles");
    const faults: string[] = [];
    for (const file of pageFiles(appDir)) {
      const route = `/${path.relative(appDir, path.dirname(file)).split(path.sep).join("/")}`.replace(/\/$/, "") || "/";
      const source = readFileSync(file, "utf8");
      const body = source.slice(source.indexOf("export default async function"));
      if (publicPages.has(route)) continue;
      // The page's first await is the check: nothing is queried before it (Next renders the
      // page beside the layout, and alone for an RSC request, so the layout cannot guard it).
      const first = /await\s+([\w.]+)\(([^)]*)\)/.exec(body);
      if (first?.[1] !== "requirePageRole")
        faults.push(`${route}: first await is ${first?.[0] ?? "missing"}, not requirePageRole`);
      else if (first[2] !== JSON.stringify(pageRole(route)))
        faults.push(`${route}: requirePageRole(${first[2]}), the page needs "${pageRole(route)}"`);
      const metadata = /export async function generateMetadata[\s\S]*?\n}/.exec(source)?.[0] ?? "";
      if (/getDb|prisma|lib\/queries/.test(metadata)) faults.push(`${route}: generateMetadata reads stored data`);
    }
    expect(faults).toEqual([]);
    expect(pageFiles(appDir).length).toBeGreaterThan(10);
  });

  for (const [route, rule] of Object.entries(rules)) {
    it(`${route}: ${rule.role} and above`, async () => {
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
    });
  }

  it("refuses a cross-site request even with an admin session (CSRF)", async () => {
    const request = rules["POST /api/users"]!.call("admin");
    const foreign = await call(
      "POST /api/users",
      "admin",
      { body: { ...(request.body as object), username: "csrf-1" } },
      { origin: "https://evil.example" },
    );
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { message: "Cross-site request refused" } });
    const fetchMeta = await call(
      "POST /api/users",
      "admin",
      { body: { ...(request.body as object), username: "csrf-2" } },
      { "sec-fetch-site": "cross-site" },
    );
    expect(fetchMeta.status).toBe(403);
    // A sandboxed iframe or data: URL sends `Origin: null`: not this host either.
    const nullOrigin = await call(
      "POST /api/users",
      "admin",
      { body: { ...(request.body as object), username: "csrf-3" } },
      { origin: "null" },
    );
    expect(nullOrigin.status).toBe(403);
    expect(await db.prisma.user.count({ where: { username: { startsWith: "csrf-" } } })).toBe(0);
    // No Origin at all is a non-browser client (curl, a script): not a cross-site request.
    const script = await call(
      "POST /api/local-runs/validate",
      "viewer",
      rules["POST /api/local-runs/validate"]!.call("viewer"),
      { origin: "" },
    );
    expect(script.status).toBe(200);
  });

  it("shows a source's external id to admins only: the sources list and the audit log", async () => {
    const created = await call("POST /api/sources", "admin", {
      body: {
        name: "with-external-id",
        region: "us-east-1",
        settings: { roleArn: "arn:aws:iam::123456789012:role/x", externalId: "ext-secret-42" },
      },
    });
    expect(created.status).toBe(200);
    const seen: Record<string, boolean> = {};
    for (const who of ["viewer", "operator", "admin"] as const) {
      const sources = await (await call("GET /api/sources", who, {})).text();
      expect(sources, who).toContain("with-external-id");
      seen[`sources:${who}`] = sources.includes("ext-secret-42");
      if (who !== "viewer")
        seen[`audit:${who}`] = (await (await call("GET /api/audit", who, {})).text()).includes("ext-secret-42");
    }
    expect(seen).toEqual({
      "sources:viewer": false,
      "sources:operator": false,
      "sources:admin": true,
      "audit:operator": false,
      "audit:admin": true,
    });
  });

  it("refuses a source endpoint that is neither the region's AWS endpoint, loopback nor allow-listed (POST, PATCH)", async () => {
    const metadata = await call("POST /api/sources", "admin", {
      body: { name: "imds", region: "us-east-1", endpoint: "http://169.254.169.254/", settings: {} },
    });
    expect(metadata.status).toBe(422);
    expect(await metadata.json()).toMatchObject({
      error: {
        message: expect.stringMatching(/^\/endpoint: 'http:\/\/169\.254\.169\.254\/' is neither an AWS endpoint/),
      },
    });
    const patched = await call("PATCH /api/sources/[id]", "admin", {
      params: { id: String(sourceId) },
      body: { endpoint: "https://collector.evil.example", settings: {} },
    });
    expect(patched.status).toBe(422);
    const otherRegion = await call("PATCH /api/sources/[id]", "admin", {
      params: { id: String(sourceId) },
      body: { endpoint: "https://states.eu-west-1.amazonaws.com", settings: {} },
    });
    expect(otherRegion.status).toBe(422);
    const aws = await call("PATCH /api/sources/[id]", "admin", {
      params: { id: String(sourceId) },
      body: { endpoint: "https://states.us-east-1.amazonaws.com", settings: {} },
    });
    expect(aws.status).toBe(200);
    process.env["STEPSCOPE_SOURCE_ENDPOINT_ALLOW"] = "collector.internal";
    try {
      const allowed = await call("POST /api/sources", "admin", {
        body: { name: "allow-listed", region: "us-east-1", endpoint: "https://collector.internal", settings: {} },
      });
      expect(allowed.status).toBe(200);
    } finally {
      delete process.env["STEPSCOPE_SOURCE_ENDPOINT_ALLOW"];
    }
    const rows = await db.pool.query<{ endpoint: string | null }>("SELECT endpoint FROM sources WHERE id = $1", [
      sourceId,
    ]);
    expect(rows.rows[0]?.endpoint).toBe("https://states.us-east-1.amazonaws.com");
  });

  it("writes an audit row for each allowed mutation, naming the user", async () => {
    const rows = await db.prisma.auditLog.findMany({ where: { action: "user.create" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.actor)).toContain("admin");
    expect(rows.every((r) => r.userId !== null && r.outcome === "OK")).toBe(true);
  });
});
