import type { ChildProcess } from "node:child_process";
import { forkChild, setReferenced } from "./local-run-children";

/** Settings of a {@link RunnerPool}. */
export interface RunnerPoolOptions {
  /** Heap of each runner process, in MB. */
  readonly memoryMb: number;
  /** Idle runner processes kept loaded for the next starts; default 2. */
  readonly spares?: number;
  /** Executions running at once (a process each); further starts wait their turn in order; default 8. */
  readonly maxRunning?: number;
  /** Executions one runner hosts, one after another, before it is replaced by a fresh process; default 200. */
  readonly runsPerRunner?: number;
  /** How long a runner beyond `spares` stays idle before it is ended, in ms; default 30,000. */
  readonly idleMs?: number;
  /** Starts a runner process (default: `bin/local-run-worker.mjs` with its heap capped). */
  readonly fork?: (memoryMb: number) => ChildProcess;
}

/** A runner lent to one execution. */
export interface RunnerLease {
  readonly child: ChildProcess;
  /**
   * Gives the runner back. `reusable`: its execution ended by itself (the process waits for the
   * next); otherwise (stopped by force, crashed, out of memory) it is killed and replaced.
   */
  release(reusable: boolean): void;
}

interface Runner {
  readonly child: ChildProcess;
  runs: number;
  /** While idle: forgets the runner when its process ends. */
  onExit?: () => void;
  /** While idle beyond `spares`: ends it. */
  idleTimer?: NodeJS.Timeout;
}

interface Waiter {
  readonly resolve: (lease: RunnerLease) => void;
  readonly reject: (err: Error) => void;
}

/** Refusal of a queued start whose signal ended its wait (its execution was stopped before it ran). */
export class RunnerWaitAborted extends Error {
  constructor() {
    super("The execution was stopped before a runner was free");
    this.name = "RunnerWaitAborted";
  }
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.connected;
}

/**
 * The runner processes of interactive runs (the Step Functions endpoint's executions): at most
 * `maxRunning` executions run at once, a process each, so one runaway definition costs one
 * process and the server stays responsive; later starts wait in order. A runner whose execution
 * ended by itself takes the next (no process start); `spares` idle ones are kept loaded, more
 * for `idleMs` after a burst, all unreferenced (they never keep this process alive).
 */
export class RunnerPool {
  private readonly idle: Runner[] = [];
  private readonly queue: Waiter[] = [];
  private running = 0;
  private closed = false;

  constructor(private readonly options: RunnerPoolOptions) {}

  private get spares(): number {
    return this.options.spares ?? 2;
  }

  /** Executions running now, starts waiting, idle runners. */
  get counts(): { readonly running: number; readonly queued: number; readonly idle: number } {
    return { running: this.running, queued: this.queue.length, idle: this.idle.length };
  }

  /** Loads idle runners up to `spares` (in the background). */
  warm(): void {
    while (!this.closed && this.idle.length < this.spares) this.park({ child: this.fork(), runs: 0 });
  }

  /** A runner for one execution, now when fewer than `maxRunning` run, else when one is given back; `signal` ends the wait. */
  acquire(signal?: AbortSignal): Promise<RunnerLease> {
    if (this.closed) return Promise.reject(new Error("The runner pool is closed"));
    if (this.running < (this.options.maxRunning ?? 8)) return Promise.resolve(this.lend());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      this.queue.push(waiter);
      signal?.addEventListener("abort", () => {
        const at = this.queue.indexOf(waiter);
        if (at < 0) return;
        this.queue.splice(at, 1);
        reject(new RunnerWaitAborted());
      });
    });
  }

  /** Kills the idle runners and refuses the waiting starts; lent runners end with their executions. */
  close(): void {
    this.closed = true;
    for (const runner of this.idle.splice(0)) runner.child.kill("SIGKILL");
    for (const waiter of this.queue.splice(0)) waiter.reject(new Error("The runner pool is closed"));
  }

  private fork(): ChildProcess {
    return (this.options.fork ?? forkChild)(this.options.memoryMb);
  }

  private park(runner: Runner): void {
    setReferenced(runner.child, false);
    runner.onExit = () => {
      const at = this.idle.indexOf(runner);
      if (at >= 0) this.idle.splice(at, 1);
    };
    runner.child.once("exit", runner.onExit);
    this.idle.push(runner);
    if (this.idle.length > this.spares) {
      runner.idleTimer = setTimeout(() => {
        const at = this.idle.indexOf(runner);
        if (at < 0 || this.idle.length <= this.spares) return;
        this.idle.splice(at, 1);
        runner.child.kill("SIGKILL");
      }, this.options.idleMs ?? 30_000);
      runner.idleTimer.unref();
    }
  }

  private lend(reused?: Runner): RunnerLease {
    this.running++;
    let runner = reused;
    while (runner === undefined) {
      const next = this.idle.pop();
      if (next === undefined) runner = { child: this.fork(), runs: 0 };
      else if (alive(next.child)) runner = next;
      else next.child.kill("SIGKILL");
    }
    const lent = runner;
    lent.runs++;
    setReferenced(lent.child, true);
    if (lent.onExit !== undefined) lent.child.off("exit", lent.onExit);
    clearTimeout(lent.idleTimer);
    this.warm();
    let released = false;
    return {
      child: lent.child,
      release: (reusable) => {
        if (released) return;
        released = true;
        this.running--;
        const keep = reusable && !this.closed && alive(lent.child) && lent.runs < (this.options.runsPerRunner ?? 200);
        if (!keep) lent.child.kill("SIGKILL");
        const waiter = this.queue.shift();
        if (waiter !== undefined) return waiter.resolve(this.lend(keep ? lent : undefined));
        // Runners beyond `spares` (a burst's) stay a while for the next burst, then end.
        if (keep) this.park(lent);
        this.warm();
      },
    };
  }
}
