import { describe, expect, it } from "vitest";
import { discoverRoutes, expectRoleMatrix, useAuthorizationWorld, world } from "./authorization-world";
import { getRules, publicGetRoutes, publicRoutes, rules } from "./authorization-rules";

// Every API route (mutating and GET) × {no session, viewer, operator, admin}: the role is
// checked on the server before the handler runs (401 without a session, 403 with a weaker
// role), and a strong enough role gets the route's own answer. Routes are discovered from
// app/api, so a new route fails this test until it is listed in ./authorization-rules.ts with
// its role. Pages, cross-site requests and sources:
// ./authorization-pages-and-sources.test.ts.

useAuthorizationWorld();

describe("authorization matrix", () => {
  it("lists every mutating route with its role (a new route must be added here)", async () => {
    const discovered = await discoverRoutes();
    expect(discovered.filter((r) => !r.startsWith("GET "))).toEqual([...Object.keys(rules), ...publicRoutes].sort());
  });

  it("lists every GET route with its role (a new route must be added here)", async () => {
    const discovered = await discoverRoutes();
    expect(discovered.filter((r) => r.startsWith("GET "))).toEqual(
      [...Object.keys(getRules), ...publicGetRoutes].sort(),
    );
  });

  for (const [route, rule] of Object.entries(getRules)) {
    it(`${route}: ${rule.role} and above`, async () => {
      await expectRoleMatrix(route, rule);
    });
  }

  for (const [route, rule] of Object.entries(rules)) {
    it(`${route}: ${rule.role} and above`, async () => {
      await expectRoleMatrix(route, rule);
    });
  }

  it("writes an audit row for each allowed mutation, naming the user", async () => {
    const rows = await world.db.prisma.auditLog.findMany({ where: { action: "user.create" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.actor)).toContain("admin");
    expect(rows.every((r) => r.userId !== null && r.outcome === "OK")).toBe(true);
  });
});
