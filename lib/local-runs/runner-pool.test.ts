import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { RunnerPool, RunnerWaitAborted } from "./runner-pool";

/** A stand-in for a runner process: alive until killed. */
function fakeChild(): ChildProcess {
  const child = new EventEmitter() as EventEmitter & {
    exitCode: number | null;
    signalCode: string | null;
    connected: boolean;
    kill: () => boolean;
    stdio: unknown[];
  };
  child.stdio = [];
  child.exitCode = null;
  child.signalCode = null;
  child.connected = true;
  child.kill = () => {
    if (child.signalCode !== null) return false;
    child.signalCode = "SIGKILL";
    child.connected = false;
    child.emit("exit", null, "SIGKILL");
    return true;
  };
  return child as unknown as ChildProcess;
}

function poolWith(options: { maxRunning: number; spares: number; perRunner?: number }): {
  pool: RunnerPool;
  forked: ChildProcess[];
} {
  const forked: ChildProcess[] = [];
  const pool = new RunnerPool({
    memoryMb: 64,
    ...options,
    fork: () => {
      const child = fakeChild();
      forked.push(child);
      return child;
    },
  });
  return { pool, forked };
}

describe("RunnerPool", () => {
  it("keeps spares loaded and gives a runner back to the next execution instead of starting a process", async () => {
    const { pool, forked } = poolWith({ maxRunning: 4, spares: 1 });
    pool.warm();
    expect(forked).toHaveLength(1);
    const first = await pool.acquire();
    expect(first.child).toBe(forked[0]);
    // The spare was taken: another is loaded for the next start.
    expect(forked).toHaveLength(2);
    first.release(true);
    const second = await pool.acquire();
    expect(second.child).toBe(forked[0]);
    expect(forked).toHaveLength(2);
    second.release(true);
    pool.close();
  });

  it("runs at most maxRunning executions; later starts wait in order and take the runners given back", async () => {
    const { pool } = poolWith({ maxRunning: 2, spares: 0 });
    const a = await pool.acquire();
    const b = await pool.acquire();
    const order: string[] = [];
    const c = pool.acquire().then((lease) => (order.push("c"), lease));
    const d = pool.acquire().then((lease) => (order.push("d"), lease));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pool.counts).toMatchObject({ running: 2, queued: 2, idle: 0 });
    b.release(true);
    expect((await c).child).toBe(b.child);
    a.release(true);
    await d;
    expect(order).toEqual(["c", "d"]);
    expect(pool.counts.running).toBe(2);
    pool.close();
  });

  it("replaces a runner whose execution was killed, and lets a stopped start leave the queue", async () => {
    const { pool, forked } = poolWith({ maxRunning: 1, spares: 0 });
    const a = await pool.acquire();
    const stop = new AbortController();
    const waiting = pool.acquire(stop.signal);
    stop.abort();
    await expect(waiting).rejects.toBeInstanceOf(RunnerWaitAborted);
    a.release(false);
    expect(a.child.signalCode).toBe("SIGKILL");
    const b = await pool.acquire();
    expect(b.child).not.toBe(a.child);
    expect(forked).toHaveLength(2);
    pool.close();
  });

  it("lets a loaded busy runner host more executions when no loaded one is idle, rather than wait for a process", async () => {
    const { pool, forked } = poolWith({ maxRunning: 8, spares: 1, perRunner: 2 });
    pool.warm();
    forked[0]!.emit("message", { type: "ready" });
    const a = await pool.acquire();
    expect(a.child).toBe(forked[0]);
    // A spare is loading (not ready): the next start joins the loaded busy runner.
    expect(forked).toHaveLength(2);
    const b = await pool.acquire();
    expect(b.child).toBe(forked[0]);
    expect(b.runId).not.toBe(a.runId);
    expect(a.hosting).toBe(2);
    // The busy runner is full: the loading spare takes the next.
    const c = await pool.acquire();
    expect(c.child).toBe(forked[1]);
    expect(pool.counts).toMatchObject({ running: 3, busy: 2 });
    // One that ended by itself leaves its siblings running; a kill tells them why.
    a.release(true);
    expect(b.child.signalCode).toBeNull();
    b.kill("a sibling did not stop");
    expect(b.killedBecause).toBe("a sibling did not stop");
    expect(b.child.signalCode).toBe("SIGKILL");
    b.release(false);
    c.release(true);
    expect(pool.counts).toMatchObject({ running: 0, busy: 0 });
    pool.close();
  });
});
