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

function poolWith(options: { maxRunning: number; spares: number }): { pool: RunnerPool; forked: ChildProcess[] } {
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
    expect(pool.counts).toEqual({ running: 2, queued: 2, idle: 0 });
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
});
