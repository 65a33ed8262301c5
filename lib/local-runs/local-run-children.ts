import { fork, type ChildProcess } from "node:child_process";
import { getPriority, setPriority } from "node:os";
import path from "node:path";
import { locateBinFile } from "@/lib/ingest/locate-bin-file";

/** `bin/local-run-worker.mjs` (the name built from parts so the bundler does not try to bundle it). */
function workerFile(): string {
  return locateBinFile(["local-run-worker", "mjs"].join("."));
}

/** A loaded child (`bin/local-run-worker.mjs`) waiting for its job, unreferenced so it never keeps this process alive. */
let spare: { readonly memoryMb: number; readonly child: ChildProcess } | null = null;

/**
 * How much lower than this process a run's child is scheduled (`STEPSCOPE_RUN_NICENESS`, 0–19,
 * default 10): an interpreter run is a tight loop that takes a whole core for as long as its
 * limits let it, and at the same niceness the OS shares that core evenly with the web server and
 * Postgres, so every page waits. Niceness 10 leaves the run what they do not use.
 */
export function runNiceness(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env["STEPSCOPE_RUN_NICENESS"];
  if (text === undefined || text === "") return 10;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 19)
    throw new Error(`STEPSCOPE_RUN_NICENESS: expected an integer from 0 to 19, got '${text}'`);
  return n;
}

/** A new child (`bin/local-run-worker.mjs`) with its heap capped at `memoryMb`, scheduled {@link runNiceness} below this process. */
export function forkChild(memoryMb: number): ChildProcess {
  const child = forkWorker(memoryMb);
  const niceness = runNiceness();
  if (niceness > 0 && child.pid !== undefined) {
    try {
      // Relative to this process: a server already run at a lower priority keeps its children below it.
      setPriority(child.pid, Math.min(19, getOwnPriority() + niceness));
    } catch {
      // A platform or container that refuses it: the run still has its time and memory limits.
    }
  }
  return child;
}

function getOwnPriority(): number {
  try {
    return getPriority();
  } catch {
    return 0;
  }
}

function forkWorker(memoryMb: number): ChildProcess {
  const file = workerFile();
  return fork(file, [], {
    // The project folder: tsx reads its tsconfig (the `@/` paths) from there.
    cwd: path.resolve(path.dirname(file), ".."),
    execArgv: [`--max-old-space-size=${memoryMb}`],
    serialization: "advanced",
    // stdio[4]: the events as the run records them (see `progressWriter` in local-run-worker.ts).
    stdio: ["ignore", "ignore", "pipe", "ipc", "pipe"],
  });
}

/** Whether the child (its channel and pipes) keeps this process alive. */
export function setReferenced(child: ChildProcess, referenced: boolean): void {
  const handles = [child, child.channel, ...[child.stderr, child.stdio[4]].map(asHandle)];
  for (const handle of handles) {
    if (handle === null || handle === undefined) continue;
    if (referenced) handle.ref?.();
    else handle.unref?.();
  }
}

function asHandle(stream: unknown): { ref?: () => void; unref?: () => void } | null {
  return (stream ?? null) as { ref?: () => void; unref?: () => void } | null;
}

export function startSpare(memoryMb: number): void {
  if (spare !== null) return;
  const child = forkChild(memoryMb);
  child.on("exit", () => {
    if (spare?.child === child) spare = null;
  });
  setReferenced(child, false);
  spare = { memoryMb, child };
}

/** The spare child when it fits and lives, else a new one (its handles referenced: it keeps this process alive while it runs). */
export function takeChild(memoryMb: number): ChildProcess {
  const ready = spare;
  spare = null;
  if (
    ready !== null &&
    ready.memoryMb === memoryMb &&
    ready.child.exitCode === null &&
    ready.child.signalCode === null &&
    ready.child.connected
  ) {
    setReferenced(ready.child, true);
    return ready.child;
  }
  ready?.child.kill("SIGKILL");
  return forkChild(memoryMb);
}
