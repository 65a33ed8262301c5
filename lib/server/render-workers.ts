import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

/** Settings of {@link startRenderWorkers}. */
export interface RenderWorkersOptions {
  /** The script each worker runs (`bin/render-worker.mjs`; a test passes its own). */
  readonly script: string;
  /** How many workers (≥ 1). */
  readonly count: number;
  /** Extra environment of the workers (they inherit this process's, `DATABASE_URL` included). */
  readonly env?: Readonly<Record<string, string>>;
  /** A worker that exits within this long after it started is restarted only after a pause (ms, default 10,000). */
  readonly crashLoopMs?: number;
  /** The pause before such a restart (ms, default 1,000; doubled for each crash in a row, up to 30 s). */
  readonly restartPauseMs?: number;
  /** Told when a worker stops unexpectedly, and when it is back. Never given request data. */
  readonly log?: (message: string) => void;
  /** A message a worker sent that is not its readiness (`{type: "evaluate-alerts"}`…). */
  readonly onMessage?: (message: unknown) => void;
}

/** A worker ready for requests: where to send them, and how many it is answering now. */
export interface RenderWorker {
  readonly index: number;
  readonly socketPath: string;
  readonly agent: Agent;
  inFlight: number;
}

export interface RenderWorkers {
  /** The ready worker answering the fewest requests, waiting up to `timeoutMs` for one (null: none became ready). */
  pick(timeoutMs: number): Promise<RenderWorker | null>;
  /** Workers ready now. */
  ready(): number;
  /** The workers' process ids (for a benchmark's CPU figures, a test's crash). */
  pids(): number[];
  /** Stops every worker: SIGTERM (each finishes its requests), SIGKILL after `graceMs`; no restarts after. */
  stop(graceMs: number): Promise<void>;
}

interface Slot {
  readonly index: number;
  readonly socketPath: string;
  child: ChildProcess | null;
  worker: RenderWorker | null;
  startedAt: number;
  crashesInARow: number;
}

/**
 * Starts `count` render workers, each a child process running `script` with
 * `STEPSCOPE_RENDER_SOCKET` naming the Unix socket it must listen on (in a folder of this
 * process, mode 0700: only this process reaches them), and telling this process
 * `{type: "ready"}` over IPC once it listens. A worker that exits unexpectedly (a crash, an
 * out-of-memory kill, `kill -9`) is forked again (after a growing pause when it keeps dying
 * at start); the others answer meanwhile. Resolves once every worker is ready the first time.
 */
export async function startRenderWorkers(options: RenderWorkersOptions): Promise<RenderWorkers> {
  if (!Number.isInteger(options.count) || options.count < 1)
    throw new Error(`render workers: expected an integer ≥ 1, got ${options.count}`);
  const log = options.log ?? (() => {});
  const crashLoopMs = options.crashLoopMs ?? 10_000;
  const restartPauseMs = options.restartPauseMs ?? 1_000;
  const dir = mkdtempSync(path.join(tmpdir(), "stepscope-render-"));
  const slots: Slot[] = Array.from({ length: options.count }, (_, index) => ({
    index,
    socketPath: path.join(dir, `w${index}.sock`),
    child: null,
    worker: null,
    startedAt: 0,
    crashesInARow: 0,
  }));
  let stopping = false;
  // Until every worker was ready once, a worker that exits fails the start (a broken build, a bad setting): no restart loop.
  let starting = true;
  const waiters: Array<(worker: RenderWorker) => void> = [];
  const firstReady: Array<Promise<void>> = [];

  const start = (slot: Slot): Promise<void> =>
    new Promise((resolve, reject) => {
      // A worker that died leaves its socket file behind: its successor could not listen there.
      rmSync(slot.socketPath, { force: true });
      const child = fork(options.script, [], {
        env: { ...process.env, ...options.env, STEPSCOPE_RENDER_SOCKET: slot.socketPath },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      slot.child = child;
      slot.startedAt = Date.now();
      let ready = false;
      child.on("message", (message: unknown) => {
        if ((message as { type?: unknown } | null)?.type !== "ready") return options.onMessage?.(message);
        ready = true;
        // Keep-alive connections to the worker: a request costs no new connection on either side.
        const worker: RenderWorker = {
          index: slot.index,
          socketPath: slot.socketPath,
          agent: new Agent({ keepAlive: true }),
          inFlight: 0,
        };
        slot.worker = worker;
        if (slot.crashesInARow > 0) log(`render worker ${slot.index} is back (pid ${child.pid})`);
        while (waiters.length > 0) waiters.shift()!(worker);
        resolve();
      });
      child.once("exit", (code, signal) => {
        slot.worker?.agent.destroy();
        slot.worker = null;
        slot.child = null;
        if (stopping) return;
        if (!ready && starting) {
          reject(new Error(`render worker ${slot.index} exited before it was ready (${signal ?? `code ${code}`})`));
          return;
        }
        const early = Date.now() - slot.startedAt < crashLoopMs;
        slot.crashesInARow = early ? slot.crashesInARow + 1 : 1;
        const pause = early ? Math.min(30_000, restartPauseMs * 2 ** (slot.crashesInARow - 1)) : 0;
        log(
          `render worker ${slot.index} (pid ${child.pid}) stopped (${signal ?? `code ${code}`}); ` +
            `starting another${pause > 0 ? ` in ${pause} ms` : ""}`,
        );
        setTimeout(() => {
          if (!stopping) start(slot).catch(() => {});
        }, pause).unref();
        resolve();
      });
    });

  for (const slot of slots) firstReady.push(start(slot));
  try {
    await Promise.all(firstReady);
    starting = false;
  } catch (error) {
    stopping = true;
    for (const slot of slots) slot.child?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const readyWorkers = (): RenderWorker[] => slots.flatMap((slot) => (slot.worker === null ? [] : [slot.worker]));
  return {
    pick(timeoutMs) {
      const ready = readyWorkers();
      if (ready.length > 0) return Promise.resolve(ready.reduce((a, b) => (b.inFlight < a.inFlight ? b : a)));
      return new Promise((resolve) => {
        const take = (worker: RenderWorker) => {
          clearTimeout(timer);
          resolve(worker);
        };
        const timer = setTimeout(() => {
          const at = waiters.indexOf(take);
          if (at >= 0) waiters.splice(at, 1);
          resolve(null);
        }, timeoutMs);
        waiters.push(take);
      });
    },
    ready: () => readyWorkers().length,
    pids: () => slots.flatMap((slot) => (slot.child?.pid === undefined ? [] : [slot.child.pid])),
    async stop(graceMs) {
      stopping = true;
      await Promise.all(
        slots.map(async (slot) => {
          const child = slot.child;
          if (child === null || child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise<void>((done) => child.once("exit", () => done()));
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          await exited;
          clearTimeout(timer);
        }),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
