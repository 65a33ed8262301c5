import type { ChildProcess } from "node:child_process";
import { forkChild, setReferenced } from "./local-run-children";

/** Settings of a {@link RunnerPool}. */
export interface RunnerPoolOptions {
  /** Heap of each runner process, in MB (shared by the executions it hosts at once). */
  readonly memoryMb: number;
  /** Idle runner processes kept loaded for the next starts; default 2. */
  readonly spares?: number;
  /** Executions running at once; further starts wait their turn in order; default 8. */
  readonly maxRunning?: number;
  /**
   * Executions one runner hosts at once when no idle runner is left (a burst), instead of
   * starting a process for each; default 4. 1: a process each, always.
   */
  readonly perRunner?: number;
  /** Executions one runner hosts in all before it is replaced by a fresh process; default 200. */
  readonly runsPerRunner?: number;
  /** How long a runner beyond `spares` stays idle before it is ended, in ms; default 30,000. */
  readonly idleMs?: number;
  /** Starts a runner process (default: `bin/local-run-worker.mjs` with its heap capped). */
  readonly fork?: (memoryMb: number) => ChildProcess;
}

/** A runner lent to one execution. */
export interface RunnerLease {
  readonly child: ChildProcess;
  /** The execution's id in this runner: its messages carry it (a runner may host several at once). */
  readonly runId: number;
  /**
   * Gives the runner back. `reusable`: its execution ended by itself (the process goes on with
   * the others it hosts, or waits for the next); otherwise (it died) it is killed and replaced.
   */
  release(reusable: boolean): void;
  /** Kills the runner (the executions it hosts end with it): `reason` is what they are told. */
  kill(reason: string): void;
  /** Why the runner was killed through a lease (an execution it hosted did not stop), if it was. */
  readonly killedBecause: string | undefined;
  /** Executions the runner hosts now, this one included. */
  readonly hosting: number;
}

interface Runner {
  readonly child: ChildProcess;
  /** Loaded (its process said so): an execution given to it starts at once. */
  ready: boolean;
  /** Executions hosted in all, and now. */
  runs: number;
  hosting: number;
  killedBecause?: string;
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

let nextRunId = 1;

/**
 * The runner processes of interactive runs (the Step Functions endpoint's executions): at most
 * `maxRunning` executions run at once; later starts wait in order. Each start takes an idle
 * runner (a process to itself: one runaway definition costs one process, and the server stays
 * responsive); when none is idle it joins a busy one with room (`perRunner` at once: a burst
 * costs no process start; the interpreter is asynchronous), and only when all are full starts a
 * process. A runner given back by an execution that ended by itself hosts the next; `spares`
 * idle ones are kept loaded, more for `idleMs` after a burst, all unreferenced (they never keep
 * this process alive).
 */
export class RunnerPool {
  private readonly idle: Runner[] = [];
  private readonly busy = new Set<Runner>();
  private readonly queue: Waiter[] = [];
  private running = 0;
  private closed = false;

  constructor(private readonly options: RunnerPoolOptions) {}

  private get spares(): number {
    return this.options.spares ?? 2;
  }

  /** Executions running now, starts waiting, idle runners, runner processes hosting executions. */
  get counts(): { readonly running: number; readonly queued: number; readonly idle: number; readonly busy: number } {
    return { running: this.running, queued: this.queue.length, idle: this.idle.length, busy: this.busy.size };
  }

  /** Loads idle runners up to `spares` (in the background). */
  warm(): void {
    while (!this.closed && this.idle.length < this.spares) this.park(this.start());
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

  /** A new runner process, ready once it says so. */
  private start(): Runner {
    const child = (this.options.fork ?? forkChild)(this.options.memoryMb);
    const runner: Runner = { child, ready: false, runs: 0, hosting: 0 };
    const onReady = (message: unknown): void => {
      if ((message as { type?: unknown } | null)?.type !== "ready") return;
      runner.ready = true;
      child.off("message", onReady);
    };
    child.on("message", onReady);
    return runner;
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

  /** Whether a busy runner may take one more execution now. */
  private hasRoom(runner: Runner): boolean {
    return (
      alive(runner.child) &&
      runner.killedBecause === undefined &&
      runner.hosting < (this.options.perRunner ?? 4) &&
      runner.runs < (this.options.runsPerRunner ?? 200)
    );
  }

  /** The newest idle runner that is `ready` (or any, when `ready` is false), out of the idle list. */
  private takeIdle(ready: boolean): Runner | undefined {
    for (let at = this.idle.length - 1; at >= 0; at--) {
      const runner = this.idle[at]!;
      if (alive(runner.child) && ready && !runner.ready) continue;
      this.idle.splice(at, 1);
      if (runner.onExit !== undefined) runner.child.off("exit", runner.onExit);
      clearTimeout(runner.idleTimer);
      if (alive(runner.child)) return runner;
      runner.child.kill("SIGKILL");
    }
    return undefined;
  }

  /** The busy runner with room hosting fewest, among the loaded ones (`ready`) or any. */
  private roomIn(ready: boolean): Runner | undefined {
    let least: Runner | undefined;
    for (const runner of this.busy)
      if (this.hasRoom(runner) && (!ready || runner.ready) && (least === undefined || runner.hosting < least.hosting))
        least = runner;
    return least;
  }

  /**
   * Where an execution starts soonest without costing isolation needlessly: a loaded idle runner,
   * else room in a loaded busy one (a burst: no process start), else one still loading, else a new process.
   */
  private pick(preferred: Runner | undefined): Runner {
    if (preferred !== undefined && this.hasRoom(preferred)) return preferred;
    return this.takeIdle(true) ?? this.roomIn(true) ?? this.takeIdle(false) ?? this.roomIn(false) ?? this.start();
  }

  private lend(preferred?: Runner): RunnerLease {
    this.running++;
    const lent = this.pick(preferred);
    lent.runs++;
    lent.hosting++;
    this.busy.add(lent);
    setReferenced(lent.child, true);
    this.warm();
    let released = false;
    return {
      child: lent.child,
      runId: nextRunId++,
      get killedBecause() {
        return lent.killedBecause;
      },
      get hosting() {
        return lent.hosting;
      },
      kill: (reason) => {
        lent.killedBecause ??= reason;
        lent.child.kill("SIGKILL");
      },
      release: (reusable) => {
        if (released) return;
        released = true;
        this.running--;
        lent.hosting--;
        const usable = reusable && !this.closed && alive(lent.child) && lent.killedBecause === undefined;
        if (!usable) lent.child.kill("SIGKILL");
        if (lent.hosting === 0 || !usable) this.busy.delete(lent);
        const waiter = this.queue.shift();
        if (waiter !== undefined) return waiter.resolve(this.lend(usable ? lent : undefined));
        if (lent.hosting > 0 || !usable) return this.warm();
        // Worn out: a fresh process replaces it. Runners beyond `spares` (a burst's) stay a while, then end.
        if (lent.runs >= (this.options.runsPerRunner ?? 200)) lent.child.kill("SIGKILL");
        else this.park(lent);
        this.warm();
      },
    };
  }
}
