import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { createAdmission } from "./admission";
import { createHealthAnswer } from "./answer-health";
import { createPrimaryServer } from "./primary-server";
import { startRenderer, type Renderer } from "./start-renderer";

const script = path.resolve(__dirname, "../../test/fixtures/render-worker.mjs");
let server: Server | null = null;
let renderer: Renderer | null = null;
let db: TestDatabase | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await renderer?.stop();
  await db?.drop();
  [server, renderer, db] = [null, null, null];
});

/** The primary as `serve` composes it (health answered here, admission, render workers), on a port of its own. */
async function startPrimary(workers: number, log: (m: string) => void = () => {}) {
  db = await createTestDatabase();
  renderer = await startRenderer({
    dir: process.cwd(),
    hostname: "127.0.0.1",
    port: 0,
    workers,
    renderCache: false,
    script,
    log,
  });
  const r = renderer;
  server = createPrimaryServer({
    answerHealth: createHealthAnswer(db.url),
    admit: createAdmission(8),
    handle: (req, res) => r.handle(req, res),
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function timed(url: string): Promise<{ status: number; ms: number; body: string }> {
  const t = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  return { status: res.status, ms: performance.now() - t, body };
}

describe("the primary process in front of render workers", () => {
  it("answers /api/health within 200 ms while a worker is stuck in a 3-second synchronous render, and the other worker keeps answering", async () => {
    const base = await startPrimary(2);
    await timed(`${base}/api/health`); // the health check's own connection, opened once
    const stuck = timed(`${base}/block?ms=3000`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const health: number[] = [];
    for (let i = 0; i < 5; i++) {
      const h = await timed(`${base}/api/health`);
      expect(h.status).toBe(200);
      health.push(h.ms);
    }
    const other = await timed(`${base}/page`);
    const blocked = await stuck;
    expect(blocked.status).toBe(200);
    expect(blocked.ms).toBeGreaterThanOrEqual(3000);
    // Both answered while the render held its worker: the health check and a page of the other worker.
    expect(Math.max(...health)).toBeLessThan(200);
    expect(other.ms).toBeLessThan(1500);
    expect(JSON.parse(other.body).pid).not.toBe(JSON.parse(blocked.body).pid);
  });

  it("answers /api/health while its only worker is paused (SIGSTOP), and the request waiting for it is answered once it resumes", async () => {
    const base = await startPrimary(1);
    await timed(`${base}/api/health`);
    const [pid] = renderer!.pids();
    process.kill(pid!, "SIGSTOP");
    try {
      const waiting = timed(`${base}/page`);
      const h = await timed(`${base}/api/health`);
      expect(h.status).toBe(200);
      expect(h.ms).toBeLessThan(200);
      process.kill(pid!, "SIGCONT");
      expect((await waiting).status).toBe(200);
    } finally {
      process.kill(pid!, "SIGCONT");
    }
  });

  it("restarts a worker that crashed: the request it was answering gets a 502 with the API's error body, the next ones are answered", async () => {
    const logs: string[] = [];
    const base = await startPrimary(1, (m) => logs.push(m));
    const [before] = renderer!.pids();
    const crashed = await timed(`${base}/crash`);
    expect(crashed.status).toBe(502);
    expect(JSON.parse(crashed.body)).toMatchObject({ error: { code: "bad_gateway" } });
    // Asked while the worker restarts: waits for it rather than failing.
    const after = await timed(`${base}/page`);
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body).pid).not.toBe(before);
    expect(renderer!.pids()).toEqual([JSON.parse(after.body).pid]);
    await vi.waitFor(() => expect(logs.join("\n")).toMatch(/render worker 0 .*stopped \(code 1\); starting another/));
  });

  it("passes the method, body and every Set-Cookie through, and sets the client address itself whatever the client sent", async () => {
    const base = await startPrimary(1);
    const res = await fetch(`${base}/echo`, {
      method: "POST",
      body: "hello",
      headers: { "x-stepscope-client-address": "203.0.113.9" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await res.json()).toMatchObject({ method: "POST", body: "hello", client: "127.0.0.1" });
  });
});
