import type { ChildProcess } from "node:child_process";
import type { AslHistoryEvent } from "@/lib/asl/types";
import { unpackChunks, unpackExecution, type PreparedExecution } from "@/lib/ingest/packed-execution";
import type { LocalRunJob, LocalRunOutcome } from "./local-run-job";
import { startSpare, takeChild } from "./local-run-children";
import type { LocalRunWorkerMessage, LocalRunWorkerRequest } from "./local-run-worker";
import { crashFailure, exitFailure, resultAtLimit, wallClockFailure, type LimitFailure } from "./limit-failures";
import { createRunProgress } from "./run-progress";

/** Time the run's process may take to load the interpreter (tsx compiles it on a cold start) before its run's clock starts. */
export const startupLimitMs = 60_000;
/** Time the run's process may take to parse and derive the history it produced (not counted in the run's wall-clock limit). */
const prepareLimitMs = 60_000;
/** After the wall-clock limit the run's own stop has this long to end it cleanly before its process is killed. */
export const graceMs = 1_000;

/**
 * Runs a local job in a child process, so nothing it does can block or kill this process (a
 * worker thread is not enough: V8 aborts the whole process when some allocations pass a
 * worker's heap limit): its heap is capped at `limits.memoryMb` and it is killed
 * `limits.wallMs` after it starts (plus a second for its own stop to end it cleanly). A run
 * stopped from outside, out of memory or crashed ends as a FAILED execution whose cause says
 * which limit it hit. With `prepareAs` the child also parses and derives the history for the
 * store (`prepared`; absent when it could not, e.g. the run was stopped from outside), and
 * everything it sends crosses as JSON chunks unpacked a chunk per turn of the event loop, so
 * a 25,000-event history never blocks this thread for long.
 */
export async function runLocalJobIsolated(
  job: LocalRunJob,
  options: IsolatedRunOptions = {},
): Promise<IsolatedRunOutcome> {
  // At most a few runs at once, so many requests cannot start a process (and its heap) each.
  while (running >= maxConcurrentRuns) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await runInChild(
      { job, ...(options.prepareAs === undefined ? {} : { prepareAs: options.prepareAs }) },
      takeChild(job.limits.memoryMb),
    );
  } finally {
    // A process that runs more than once (the server, tests) keeps one loaded child ready, so
    // the next run does not wait for tsx to load the interpreter; the CLI runs once and does not.
    if (options.keepSpare !== false) startSpare(job.limits.memoryMb);
    running--;
    waiting.shift()?.();
  }
}

/** Options of {@link runLocalJobIsolated}. */
export interface IsolatedRunOptions {
  /** Keep a loaded child process ready for the next run (default true). */
  readonly keepSpare?: boolean;
  /** The names the run will be stored under: the child prepares the store's rows too. */
  readonly prepareAs?: LocalRunWorkerRequest["prepareAs"];
}

/** A run's outcome, with the history prepared for the store when the child could prepare it. */
export interface IsolatedRunOutcome extends LocalRunOutcome {
  readonly prepared?: PreparedExecution;
}

/** Runs at once in this process; the others wait their turn. */
const maxConcurrentRuns = 4;
let running = 0;
const waiting: (() => void)[] = [];

function runInChild(request: LocalRunWorkerRequest, child: ChildProcess): Promise<IsolatedRunOutcome> {
  const { job } = request;
  const { wallMs, memoryMb } = job.limits;
  return new Promise<IsolatedRunOutcome>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let stderr = "";
    /** The run's outcome once received, while the child still prepares the history. */
    let ran: Promise<LocalRunOutcome> | null = null;
    const progress = createRunProgress();
    const progressStream = child.stdio[4] as NodeJS.ReadableStream | null | undefined;
    progressStream?.on("data", progress.add);
    child.stderr?.on("data", (chunk: Buffer) => {
      // Keep the end only: what a crash printed last.
      stderr = (stderr + chunk.toString("utf8")).slice(-4000);
    });
    const finish = (outcome: Promise<IsolatedRunOutcome> | IsolatedRunOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      progressStream?.removeListener("data", progress.add);
      Promise.resolve(outcome).then(resolve, reject);
    };
    const failed = (failure: LimitFailure): void => {
      // The run ended but its history could not be prepared there: this thread prepares it.
      if (ran !== null) return finish(ran);
      // Killed mid-run: the events it had recorded are kept, and its failure names the state that was running.
      finish({ result: resultAtLimit(job, progress.read(), failure), unresolvedTasks: [] });
    };
    const armTimer = (ms: number, onTimeout: () => void): void => {
      clearTimeout(timer);
      timer = setTimeout(onTimeout, ms);
    };
    armTimer(startupLimitMs, () => {
      settled = true;
      child.kill("SIGKILL");
      reject(new Error(`the local-run process did not start within ${startupLimitMs / 1000} s`));
    });
    child.on("message", (message: LocalRunWorkerMessage) => {
      if (message.type === "ready") return;
      if (message.type === "started") {
        armTimer(wallMs + graceMs, () => failed(wallClockFailure(wallMs)));
      } else if (message.type === "done") {
        const outcome = unpackChunks<AslHistoryEvent>(message.events).then((events) => ({
          result: { ...message.result, events },
          unresolvedTasks: message.unresolvedTasks,
        }));
        if (request.prepareAs === undefined) return finish(outcome);
        ran = outcome;
        armTimer(prepareLimitMs, () => failed({ error: "", cause: "" }));
      } else if (message.type === "prepared") {
        const outcome = ran;
        if (outcome === null) return;
        finish(
          Promise.all([outcome, unpackExecution(message.prepared)]).then(([run, prepared]) => ({ ...run, prepared })),
        );
      } else if (message.type === "unprepared") {
        failed({ error: "", cause: "" });
      } else {
        failed(crashFailure(message.name, message.message));
      }
    });
    child.on("error", (err) => {
      if (!settled) failed({ error: "States.Runtime", cause: `The local run's process failed: ${err.message}` });
    });
    child.on("exit", (code, signal) => {
      if (settled) return;
      failed(exitFailure(stderr, memoryMb, code, signal));
    });
    child.send(request);
  });
}
