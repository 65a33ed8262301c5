import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { createHealthAnswer } from "./answer-health";

let server: Server | null = null;
let db: TestDatabase | null = null;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
  await db?.drop();
  db = null;
});

/** A server that answers the health check and 404s the rest (what Next.js would get). */
async function serve(databaseUrl: string): Promise<string> {
  const answer = createHealthAnswer(databaseUrl);
  server = createServer((req, res) => {
    if (answer(req, res)) return;
    res.writeHead(404).end("to Next.js");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the health check answered before Next.js", () => {
  it("answers GET /api/health with {ok: true} once the database answers, and leaves every other request to Next.js", async () => {
    db = await createTestDatabase();
    const base = await serve(db.url);
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get("content-type")).toBe("application/json");
    expect(await health.json()).toEqual({ ok: true });
    expect((await fetch(`${base}/api/health?probe=1`)).status).toBe(200);
    for (const path of ["/api/healthz", "/api/health/x", "/executions"])
      expect((await fetch(`${base}${path}`)).status).toBe(404);
    expect((await fetch(`${base}/api/health`, { method: "POST" })).status).toBe(404);
  });

  it("answers 500 with the API's error body when the database does not answer", async () => {
    const base = await serve("postgresql://nobody:nothing@127.0.0.1:1/none");
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(500);
    expect(await health.json()).toEqual({ error: { code: "internal_server_error", message: "Internal server error" } });
  });
});
