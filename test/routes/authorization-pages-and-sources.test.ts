import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appDir, call, pageFiles, publicPages, useAuthorizationWorld, world } from "./authorization-world";
import { rules } from "./authorization-rules";

// Beyond the route matrix (./authorization-matrix.test.ts): pages authorize before they read,
// a cross-site request is refused whatever its session, a source's external id is for admins,
// and a source's endpoint must be AWS's, loopback or allow-listed.

useAuthorizationWorld();

describe("authorization beyond the route matrix", () => {
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
    expect(await world.db.prisma.user.count({ where: { username: { startsWith: "csrf-" } } })).toBe(0);
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
      params: { id: String(world.sourceId) },
      body: { endpoint: "https://collector.evil.example", settings: {} },
    });
    expect(patched.status).toBe(422);
    const otherRegion = await call("PATCH /api/sources/[id]", "admin", {
      params: { id: String(world.sourceId) },
      body: { endpoint: "https://states.eu-west-1.amazonaws.com", settings: {} },
    });
    expect(otherRegion.status).toBe(422);
    const aws = await call("PATCH /api/sources/[id]", "admin", {
      params: { id: String(world.sourceId) },
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
    const rows = await world.db.pool.query<{ endpoint: string | null }>("SELECT endpoint FROM sources WHERE id = $1", [
      world.sourceId,
    ]);
    expect(rows.rows[0]?.endpoint).toBe("https://states.us-east-1.amazonaws.com");
  });
});
