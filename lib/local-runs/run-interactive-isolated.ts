import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { executionIdentity, stoppedExecutionResult } from "@/lib/asl/stopped-execution";
import type { TaskInvoker, TaskOutcome } from "@/lib/asl/task-invoker";
import type { AslHistoryEvent } from "@/lib/asl/types";
import type { FromInteractiveChild, InteractiveRunRequest, ToInteractiveChild } from "./interactive-run-messages";
import type { ChildProcess } from "node:child_process";
import type { LocalRunJob } from "./local-run-job";
import { RunnerWaitAborted, type RunnerLease, type RunnerPool } from "./runner-pool";

/** What an interactive run is given by its caller. */
export interface InteractiveRunPorts {
  /** Answers every Task of the run (in this process). */
  readonly invoker: TaskInvoker;
  /** Sees each event as the run records it. */
  readonly onEvent: (event: AslHistoryEvent) => void;
  /** How many times faster than the wall clock the execution's time passes. */
  readonly timeScale: number;
}

/** A run going on in its own process. */
export interface InteractiveRun {
  /** The execution's end (its events are those `onEvent` saw, plus any end this process had to write). */
  readonly done: Promise<ExecutionResult>;
  /** Asks the run to stop (it records its aborts); one that does not end within 2 s is killed and ends ABORTED. */
  stop(): void;
  /** Ends the run's process at once, as a crash would. */
  kill(): void;
}

/** How long a stopped run has to end by itself before its process is killed (a run stuck in a loop never reads the stop). */
const stopGraceMs = 2_000;

/**
 * Runs a job in a runner process of `pool` (waiting for one while `maxRunning` executions run),
 * on the wall clock, answering its Tasks here: a definition that loops, allocates without end or
 * crashes can neither block nor kill this process. Its heap is capped at the pool's `memoryMb`;
 * past it, or when its process ends early, the execution ends FAILED (`States.Runtime`) with a
 * cause naming what happened. A run that ends by itself gives its runner back for the next
 * execution; one killed (stuck when stopped, crashed) costs its runner, replaced by the pool.
 */
export function runInteractiveIsolated(job: LocalRunJob, ports: InteractiveRunPorts, pool: RunnerPool): InteractiveRun {
  const waiting = new AbortController();
  let lease: RunnerLease | null = null;
  let stopping = false;
  let killed = false;
  let stopInChild = (): void => undefined;
  const done = pool.acquire(waiting.signal).then(
    (lent) => {
      lease = lent;
      const run = runInRunner(lent.child, job, ports, () => stopping);
      stopInChild = run.stop;
      if (killed) lent.child.kill("SIGKILL");
      else if (stopping) run.stop();
      return run.done.then(({ result, reusable }) => {
        lent.release(reusable && !killed);
        return result;
      });
    },
    (err: unknown) => {
      if (!(err instanceof RunnerWaitAborted)) throw err;
      // Stopped before a runner was free: it ends as AWS ends an execution stopped at its start.
      return abortedBeforeStart(job, Date.now());
    },
  );
  return {
    done,
    stop() {
      if (stopping) return;
      stopping = true;
      if (lease === null) waiting.abort();
      else stopInChild();
    },
    kill() {
      killed = true;
      if (lease === null) waiting.abort();
      else lease.child.kill("SIGKILL");
    },
  };
}

/** One execution in a lent runner: its end, and whether the runner may host the next (it ended by itself). */
function runInRunner(
  child: ChildProcess,
  job: LocalRunJob,
  ports: InteractiveRunPorts,
  isStopping: () => boolean,
): { readonly done: Promise<{ result: ExecutionResult; reusable: boolean }>; readonly stop: () => void } {
  const events: AslHistoryEvent[] = [];
  const abandoned = new Map<number, AbortController>();
  let lastEvent = { atMs: Date.now(), timestampMs: job.startMs };
  let settled = false;
  let stderr = "";
  let killTimer: NodeJS.Timeout | undefined;
  const send = (message: ToInteractiveChild | InteractiveRunRequest): void => {
    if (!settled && child.connected) child.send(message);
  };
  const onStderr = (chunk: Buffer): void => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  };
  child.stderr?.on("data", onStderr);
  const done = new Promise<{ result: ExecutionResult; reusable: boolean }>((resolve) => {
    const finish = (result: ExecutionResult, reusable: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      for (const controller of abandoned.values()) controller.abort();
      child.off("message", onMessage);
      child.off("exit", onExit);
      child.stderr?.off("data", onStderr);
      resolve({ result, reusable });
    };
    const endHere = (status: "FAILED" | "ABORTED", error: string, cause: string): void => {
      // The execution's clock went on since its last event, `timeScale` times faster than this one.
      const atMs = lastEvent.timestampMs + Math.round((Date.now() - lastEvent.atMs) * ports.timeScale);
      finish(endedHere(job, events, status, error, cause, atMs), false);
    };
    const take = (received: readonly AslHistoryEvent[]): void => {
      for (const event of received) {
        events.push(event);
        lastEvent = { atMs: Date.now(), timestampMs: Date.parse(event.timestamp) };
        ports.onEvent(event);
      }
    };
    const onMessage = (message: FromInteractiveChild): void => {
      switch (message.type) {
        case "started":
          return;
        case "events":
          return take(message.events);
        case "invoke": {
          // The Task's events and its question in one message: its token is known before its TaskStarted shows.
          take(message.events);
          const { beats, ...invocation } = message.invocation;
          const controller = new AbortController();
          abandoned.set(message.id, controller);
          ports.invoker
            .invoke({
              ...invocation,
              abandoned: controller.signal,
              ...(beats ? { heartbeat: () => send({ type: "heartbeat", id: message.id }) } : {}),
            })
            .catch((err: unknown): TaskOutcome => ({
              type: "failure",
              error: "States.TaskFailed",
              cause: err instanceof Error ? err.message : String(err),
            }))
            .then((outcome) => {
              abandoned.delete(message.id);
              send({ type: "answer", id: message.id, outcome });
            });
          return;
        }
        case "abandoned":
          abandoned.get(message.id)?.abort();
          abandoned.delete(message.id);
          return;
        case "done":
          return finish({ ...message.result, events }, true);
        case "crashed":
          return endHere("FAILED", "States.Runtime", `The interpreter failed: ${message.name}: ${message.message}`);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (isStopping()) endHere("ABORTED", "", "");
      else if (/heap out of memory|Reached heap limit/.test(stderr))
        endHere(
          "FAILED",
          "States.Runtime",
          `The execution exceeded its memory limit of ${job.limits.memoryMb} MB and was stopped`,
        );
      else
        endHere(
          "FAILED",
          "States.Runtime",
          `The execution's process ended (${signal ?? `exit code ${code}`}) before the execution did`,
        );
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
  send({ type: "interactive", job, timeScale: ports.timeScale });
  return {
    done,
    stop() {
      if (settled) return;
      send({ type: "stop" });
      killTimer = setTimeout(() => child.kill("SIGKILL"), stopGraceMs);
    },
  };
}

/** An execution stopped while it waited for a runner: `ExecutionStarted` (or `ExecutionRedriven`), then `ExecutionAborted`. */
function abortedBeforeStart(job: LocalRunJob, atMs: number): ExecutionResult {
  const failed = stoppedExecutionResult(job, "States.Aborted", "", atMs);
  const last = failed.events.at(-1)!;
  const aborted = {
    id: last.id,
    previousEventId: last.previousEventId,
    timestamp: last.timestamp,
    type: "ExecutionAborted",
    executionAbortedEventDetails: {},
  } as unknown as AslHistoryEvent;
  const { error: _error, cause: _cause, ...rest } = failed;
  return { ...rest, status: "ABORTED", events: [...failed.events.slice(0, -1), aborted] };
}

/** The end this process writes for a run whose process could not: `ExecutionAborted` or `ExecutionFailed` after its last event. */
function endedHere(
  job: LocalRunJob,
  events: readonly AslHistoryEvent[],
  status: "FAILED" | "ABORTED",
  error: string,
  cause: string,
  atMs: number,
): ExecutionResult {
  const last = events.at(-1);
  if (last === undefined) return stoppedExecutionResult(job, error || "States.Runtime", cause, atMs);
  const end = {
    id: last.id + 1,
    previousEventId: last.id,
    timestamp: new Date(Math.max(atMs, Date.parse(last.timestamp))).toISOString(),
    ...(status === "ABORTED"
      ? { type: "ExecutionAborted", executionAbortedEventDetails: {} }
      : { type: "ExecutionFailed", executionFailedEventDetails: { error, cause } }),
  } as unknown as AslHistoryEvent;
  return {
    status,
    ...(status === "FAILED" ? { error, cause } : {}),
    events: [...events, end],
    transitions: events.filter((e) => e.type.endsWith("StateEntered")).length,
    ...executionIdentity(job),
  };
}
