import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { stoppedExecutionResult } from "@/lib/asl/stopped-execution";
import type { LocalRunJob, LocalRunOutcome } from "./local-run-job";
import type { LocalRunWorkerMessage } from "./local-run-worker";

/** Time a worker may take to load the interpreter (tsx compiles it on a cold start) before its run's clock starts. */
const startupLimitMs = 60_000;
/** After the wall-clock limit the run's own stop has this long to end it cleanly before the worker is terminated. */
const graceMs = 1_000;

/**
 * `bin/local-run-worker.mjs`: beside this module's sources when they run from the checkout
 * (tsx: the CLI, tests), else under the working directory (the Next.js server runs from the
 * project folder; its bundles do not keep source paths). Built from parts so the bundler does
 * not try to bundle the worker.
 */
function workerFile(): string {
  const name = ["bin", "local-run-worker.mjs"];
  const candidates: string[] = [];
  try {
    candidates.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", ...name));
  } catch {
    // import.meta.url is not a file URL inside a bundle.
  }
  candidates.push(path.resolve(process.cwd(), ...name));
  const found = candidates.find((file) => existsSync(file));
  if (found === undefined) throw new Error(`the local-run worker is missing (looked for ${candidates.join(", ")})`);
  return found;
}

/**
 * Runs a local job in a worker thread, so nothing it does can block or kill this process: its
 * heap is capped at `limits.memoryMb` and it is terminated `limits.wallMs` after it starts
 * (plus a second for its own stop to end it cleanly). A run stopped from outside, out of
 * memory or crashed ends as a FAILED execution whose cause says which limit it hit.
 */
export function runLocalJobIsolated(job: LocalRunJob): Promise<LocalRunOutcome> {
  const { wallMs, memoryMb } = job.limits;
  return new Promise<LocalRunOutcome>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const worker = new Worker(workerFile(), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(memoryMb / 8))) },
      stdout: false,
      stderr: false,
    });
    const finish = (outcome: LocalRunOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const failed = (error: string, cause: string): void => {
      finish({ result: stoppedExecutionResult(job, error, cause, job.realTime === true ? Date.now() : job.startMs), unresolvedTasks: [] });
    };
    const armTimer = (ms: number, onTimeout: () => void): void => {
      clearTimeout(timer);
      timer = setTimeout(onTimeout, ms);
    };
    armTimer(startupLimitMs, () => {
      settled = true;
      void worker.terminate();
      reject(new Error(`the local-run worker did not start within ${startupLimitMs / 1000} s`));
    });
    worker.on("message", (message: LocalRunWorkerMessage) => {
      if (message.type === "started") {
        armTimer(wallMs + graceMs, () => failed("States.Runtime", `The local run exceeded its wall-clock limit of ${formatMs(wallMs)} and was stopped`));
      } else if (message.type === "done") {
        finish(message.outcome);
      } else if (message.name === "RangeError" && /Invalid string length|Array buffer allocation failed|Invalid array length/.test(message.message)) {
        // A value too large for memory is far past AWS's 256 KiB payload limit.
        failed("States.DataLimitExceeded", `The local run built a value too large to hold (${message.message}), far beyond the 262,144-byte payload limit`);
      } else {
        failed("States.Runtime", `The interpreter failed: ${message.name}: ${message.message}`);
      }
    });
    worker.on("error", (err: Error & { code?: string }) => {
      if (err.code === "ERR_WORKER_OUT_OF_MEMORY") failed("States.Runtime", `The local run exceeded its memory limit of ${memoryMb} MB and was stopped`);
      else failed("States.Runtime", `The interpreter failed: ${err.message}`);
    });
    worker.on("exit", (code) => {
      if (!settled) failed("States.Runtime", `The local run's worker exited (code ${code}) before the execution ended`);
    });
  });
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
