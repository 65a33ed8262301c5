import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAdmission } from "./admission";

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
});

/** A server whose handler answers a request only when the test releases it by its path. */
async function serveHeld(limit: number) {
  const admit = createAdmission(limit);
  const started: string[] = [];
  const held = new Map<string, () => void>();
  server = createServer((req, res) => {
    admit(req, res, () => {
      started.push(req.url!);
      held.set(req.url!, () => res.end(req.url));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** Waits (polling, up to 10 s: a loaded machine) until `check` passes. */
  const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });
  return { admit, started, held, base, until };
}

describe("requests handed to the app at most `limit` at once", () => {
  it("starts the first `limit` requests, holds the rest in arrival order, and starts one as each ends", async () => {
    const { admit, started, held, base, until } = await serveHeld(2);
    const answers: Promise<string>[] = [];
    for (const path of ["/a", "/b", "/c", "/d"]) {
      answers.push(fetch(base + path).then((response) => response.text()));
      // In this order: each one arrives before the next is sent.
      await until(() => expect(admit.inFlight() + admit.waiting()).toBe(answers.length));
    }
    expect(started).toEqual(["/a", "/b"]);
    expect(admit.waiting()).toBe(2);
    held.get("/b")!();
    await until(() => expect(started).toEqual(["/a", "/b", "/c"]));
    held.get("/a")!();
    await until(() => expect(started).toEqual(["/a", "/b", "/c", "/d"]));
    held.get("/c")!();
    held.get("/d")!();
    expect(await Promise.all(answers)).toEqual(["/a", "/b", "/c", "/d"]);
    expect(admit.inFlight()).toBe(0);
  });

  it("drops a waiting request whose client went away, and frees the slot of one that closed mid-answer", async () => {
    const { admit, started, held, base, until } = await serveHeld(1);
    const first = fetch(base + "/first").then((r) => r.text());
    await until(() => expect(started).toEqual(["/first"]));
    // A client that gives up while queued: never started.
    const gone = request(base + "/gone");
    gone.on("error", () => {});
    gone.end();
    await until(() => expect(admit.waiting()).toBe(1));
    gone.destroy();
    await until(() => expect(admit.waiting()).toBe(0));
    // A client that gives up while being answered frees its slot for the next.
    const aborted = new AbortController();
    const third = fetch(base + "/third", { signal: aborted.signal }).catch(() => "aborted");
    await until(() => expect(admit.waiting()).toBe(1));
    held.get("/first")!();
    expect(await first).toBe("/first");
    await until(() => expect(started).toEqual(["/first", "/third"]));
    aborted.abort();
    expect(await third).toBe("aborted");
    await until(() => expect(admit.inFlight()).toBe(0));
    const last = fetch(base + "/last").then((r) => r.text());
    await until(() => expect(started).toEqual(["/first", "/third", "/last"]));
    held.get("/last")!();
    expect(await last).toBe("/last");
  });

  it("serves static files, the export and every write without waiting for a slot", async () => {
    const { admit, started, base, until } = await serveHeld(1);
    void fetch(base + "/busy").catch(() => {});
    await until(() => expect(started).toEqual(["/busy"]));
    void fetch(base + "/queued").catch(() => {});
    await until(() => expect(admit.waiting()).toBe(1));
    for (const path of ["/_next/static/chunks/app.js", "/api/executions/export?format=csv"])
      void fetch(base + path).catch(() => {});
    // A write: its body arrives at the client's pace, it never holds a slot.
    const post = request(base + "/api/local-runs", { method: "POST", headers: { "content-type": "application/json" } });
    post.on("error", () => {});
    post.end("{}");
    await until(() => expect(started).toHaveLength(4));
    expect(started.slice(1).sort()).toEqual([
      "/_next/static/chunks/app.js",
      "/api/executions/export?format=csv",
      "/api/local-runs",
    ]);
    expect(admit.waiting()).toBe(1);
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => createAdmission(0)).toThrow("admission limit: expected an integer ≥ 1, got 0");
  });
});
