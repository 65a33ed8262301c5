import { Agent, createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { proxyToWorker } from "./proxy-to-worker";
import type { RenderWorker } from "./render-workers";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/**
 * A worker that answers the first request of each connection and keeps it alive, then closes a
 * connection as soon as a second request arrives on it, unanswered: what a worker's keep-alive
 * timeout does when it crosses the primary's reuse of the idle connection.
 */
async function closingWorker(): Promise<{ worker: RenderWorker; seen: () => string[] }> {
  const socketPath = path.join(mkdtempSync(path.join(tmpdir(), "stepscope-proxy-")), "w.sock");
  const answered = new WeakSet<Socket>();
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (answered.has(req.socket)) {
      req.socket.destroy();
      return;
    }
    answered.add(req.socket);
    req.resume();
    req.on("end", () => res.end(`answered ${req.method} ${req.url}`));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return { worker: { index: 0, socketPath, agent: new Agent({ keepAlive: true }), inFlight: 0 }, seen: () => seen };
}

async function primaryFor(worker: RenderWorker): Promise<string> {
  const server = createServer((req, res) => proxyToWorker(req, res, worker));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("proxyToWorker over a kept-alive connection the worker closes", () => {
  it("sends a GET again on a new connection: the visitor gets the answer, not a 502", async () => {
    const { worker, seen } = await closingWorker();
    const base = await primaryFor(worker);
    const first = await fetch(`${base}/one`);
    expect(await first.text()).toBe("answered GET /one");
    const second = await fetch(`${base}/two`);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe("answered GET /two");
    // Once on the reused connection (closed unanswered), once on a new one.
    expect(seen()).toEqual(["GET /one", "GET /two", "GET /two"]);
    expect(worker.inFlight).toBe(0);
  });

  it("never sends a request with a body twice: a POST answers 502", async () => {
    const { worker, seen } = await closingWorker();
    const base = await primaryFor(worker);
    await (await fetch(`${base}/one`)).text();
    const posted = await fetch(`${base}/write`, { method: "POST", body: "x=1" });
    expect(posted.status).toBe(502);
    expect(await posted.json()).toMatchObject({ error: { code: "bad_gateway" } });
    expect(seen()).toEqual(["GET /one", "POST /write"]);
    expect(worker.inFlight).toBe(0);
  });
});
