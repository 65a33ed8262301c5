import type { ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { compareReplay, type ReplayComparison } from "@/lib/execution-view/compare-replay";
import { forkChild, setReferenced } from "./local-run-children";
import type { LocalRunJob } from "./local-run-job";
import { crashFailure, exitFailure, resultAtLimit, wallClockFailure, type LimitFailure } from "./limit-failures";
import { recordedEventsOf, type ReplayMessage, type ReplayRequest } from "./replay-child";
import { graceMs, startupLimitMs } from "./run-local-job-isolated";
import { createRunProgress, type RunProgress } from "./run-progress";

/** Settings of a {@link ReplayPool}. */
export interface ReplayPoolOptions {
  /** Heap of each child process, in MB (`--max-old-space-size`): a replay that outgrows it ends its child. */
  readonly memoryMb: number;
  /** Child processes, each running one replay at a time; default the machine's cores. */
  readonly size?: number;
  /** Replays one child runs before a fresh one replaces it (bounds what a long batch could leak); default 1,000. */
  readonly replaysPerChild?: number;
  /** Starts a child (default: `bin/local-run-worker.mjs` with its heap capped). */
  readonly fork?: (memoryMb: number) => ChildProcess;
}

/** How a replay ended and how it compares with its recording. */
export interface ReplayOutcome {
  readonly result: Pick<ExecutionResult, "executionArn" | "status" | "error" | "cause">;
  readonly comparison: ReplayComparison;
  readonly unresolvedTasks: readonly string[];
  /** From the replay's start in its child to its comparison, ms (a fresh child's start not counted). */
  readonly wallMs: number;
}

/** A live child with what it has written: its progress since its last replay ended, and the end of its stderr. */
interface Child {
  readonly process: ChildProcess;
  readonly progress: RunProgress;
  stderr: string;
  replays: number;
}

interface Queued {
  readonly job: LocalRunJob;
  readonly resolve: (outcome: ReplayOutcome) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Replays in a few long-lived child processes (`bin/local-run-worker.mjs`, as a local run's),
 * each running one replay after another: a process start (most of a replay's cost) is paid once
 * per child, not per replay. Each replay keeps its own limits, enforced from outside as for a
 * single run: at `limits.wallMs` after it starts (plus a second for its own stop), or when its
 * child runs out of heap or crashes, the child is killed, that replay ends FAILED with the
 * limit it hit (its events so far kept), and the next replay gets a fresh child. Replays are
 * taken in the order they were asked for.
 */
export class ReplayPool {
  /** Free slots: a loaded child waiting, or null (a child is started when the slot is taken). */
  private readonly idle: (Child | null)[] = [];
  private readonly queue: Queued[] = [];
  private nextId = 0;
  private closed = false;

  /** Child processes (replays at once). */
  readonly size: number;

  constructor(private readonly options: ReplayPoolOptions) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    for (let i = 0; i < this.size; i++) this.idle.push(null);
  }

  /** Runs `job` (a replay: its `recorded-history` invoker's events are what it is compared with) when a child is free. */
  replay(job: LocalRunJob): Promise<ReplayOutcome> {
    if (this.closed) return Promise.reject(new Error("The replay pool is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /** Ends the children; replays still queued are refused. */
  close(): void {
    this.closed = true;
    for (const child of this.idle.splice(0)) child?.process.kill("SIGKILL");
    for (const queued of this.queue.splice(0)) queued.reject(new Error("The replay pool is closed"));
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0 && this.idle.length > 0) {
      const queued = this.queue.shift()!;
      const waiting = this.idle.pop() ?? null;
      const child = waiting !== null && alive(waiting.process) ? waiting : this.start();
      if (child !== waiting) waiting?.process.kill("SIGKILL");
      void this.run(child, queued.job).then((ran) => {
        this.settle(ran.reusable);
        if ("outcome" in ran) queued.resolve(ran.outcome);
        else queued.reject(ran.error);
        this.pump();
      });
    }
  }

  /** Gives a slot back: with its child when it may take another replay. */
  private settle(reusable: Child | null): void {
    const keep = reusable !== null && reusable.replays < (this.options.replaysPerChild ?? 1000) && !this.closed;
    if (keep) setReferenced(reusable.process, false);
    else reusable?.process.kill("SIGKILL");
    if (!this.closed) this.idle.push(keep ? reusable : null);
  }

  private start(): Child {
    const process = (this.options.fork ?? forkChild)(this.options.memoryMb);
    const child: Child = { process, progress: createRunProgress(), stderr: "", replays: 0 };
    // Between replays nothing else listens: a failed kill must not throw in this process.
    process.on("error", () => {});
    (process.stdio[4] as NodeJS.ReadableStream | null | undefined)?.on("data", child.progress.add);
    process.stderr?.on("data", (chunk: Buffer) => {
      // Keep the end only: what a crash (V8's out-of-memory report) printed last.
      child.stderr = (child.stderr + chunk.toString("utf8")).slice(-4000);
    });
    return child;
  }

  /** One replay on `child`: its outcome (or why it could not run) and the child when it can take the next one (null: it was killed). */
  private run(
    child: Child,
    job: LocalRunJob,
  ): Promise<({ outcome: ReplayOutcome } | { error: Error }) & { reusable: Child | null }> {
    const { wallMs, memoryMb } = job.limits;
    const id = ++this.nextId;
    const proc = child.process;
    setReferenced(proc, true);
    return new Promise((resolve) => {
      let began = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const arm = (ms: number, onTimeout: () => void): void => {
        clearTimeout(timer);
        timer = setTimeout(onTimeout, ms);
      };
      const done = (): void => {
        clearTimeout(timer);
        proc.off("message", onMessage);
        proc.off("exit", onExit);
        proc.off("error", onError);
      };
      const fail = (failure: LimitFailure): void => {
        done();
        proc.kill("SIGKILL");
        // Read its progress once its pipes closed: everything it wrote before the kill is in.
        void closedOrAfter(proc, 5_000).then(() => {
          const result = resultAtLimit(job, child.progress.read(id), failure);
          resolve({
            outcome: {
              result: pick(result),
              comparison: compareReplay(recordedEventsOf(job), result.events),
              unresolvedTasks: [],
              wallMs: performance.now() - began,
            },
            reusable: null,
          });
        });
      };
      const onMessage = (message: ReplayMessage): void => {
        if (message.id !== id) return;
        if (message.type === "replay-started") {
          began = performance.now();
          arm(wallMs + graceMs, () => fail(wallClockFailure(wallMs)));
        } else if (message.type === "replay-done") {
          done();
          child.replays++;
          // Lines of this replay still in the pipe come before the next one's marker (see RunProgress).
          child.progress.clear();
          const { result, comparison, unresolvedTasks } = message;
          resolve({
            outcome: { result, comparison, unresolvedTasks, wallMs: performance.now() - began },
            reusable: child,
          });
        } else fail(crashFailure(message.name, message.message));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
        fail(exitFailure(child.stderr, memoryMb, code, signal));
      const onError = (err: Error): void =>
        fail({ error: "States.Runtime", cause: `The local run's process failed: ${err.message}` });
      // A fresh child loads the interpreter first (tsx compiles it on a cold start): its own limit.
      arm(startupLimitMs, () => {
        done();
        proc.kill("SIGKILL");
        resolve({
          error: new Error(`the local-run process did not start within ${startupLimitMs / 1000} s`),
          reusable: null,
        });
      });
      proc.on("message", onMessage);
      proc.once("exit", onExit);
      proc.once("error", onError);
      proc.send({ type: "replay", id, job } satisfies ReplayRequest);
    });
  }
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.connected;
}

function pick(result: ExecutionResult): ReplayOutcome["result"] {
  return {
    executionArn: result.executionArn,
    status: result.status,
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.cause === undefined ? {} : { cause: result.cause }),
  };
}

/** Resolves when the child's pipes have closed, or after `ms` at the latest. */
function closedOrAfter(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
