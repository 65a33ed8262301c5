import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { executionIdentity, stoppedExecutionResult } from "@/lib/asl/stopped-execution";
import type { TaskInvoker, TaskOutcome } from "@/lib/asl/task-invoker";
import type { AslHistoryEvent } from "@/lib/asl/types";
import type { FromInteractiveChild, InteractiveRunRequest, ToInteractiveChild } from "./interactive-run-messages";
import { startSpare, takeChild } from "./local-run-children";
import type { LocalRunJob } from "./local-run-job";

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
 * Runs a job in a child process of its own, on the wall clock, answering its Tasks here: a
 * definition that loops, allocates without end or crashes can neither block nor kill this
 * process. Its heap is capped at `limits.memoryMb`; past it, or when its process ends early,
 * the execution ends FAILED (`States.Runtime`) with a cause naming what happened.
 */
export function runInteractiveIsolated(job: LocalRunJob, ports: InteractiveRunPorts): InteractiveRun {
  const child = takeChild(job.limits.memoryMb);
  // The next execution finds a loaded process waiting.
  startSpare(job.limits.memoryMb);
  const events: AslHistoryEvent[] = [];
  const abandoned = new Map<number, AbortController>();
  let lastEvent = { atMs: Date.now(), timestampMs: job.startMs };
  let stopping = false;
  let settled = false;
  let stderr = "";
  let killTimer: NodeJS.Timeout | undefined;
  const send = (message: ToInteractiveChild | InteractiveRunRequest): void => {
    if (!settled && child.connected) child.send(message);
  };
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  const done = new Promise<ExecutionResult>((resolve) => {
    const finish = (result: ExecutionResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      for (const controller of abandoned.values()) controller.abort();
      child.kill("SIGKILL");
      resolve(result);
    };
    const endHere = (status: "FAILED" | "ABORTED", error: string, cause: string): void => {
      // The execution's clock went on since its last event, `timeScale` times faster than this one.
      const atMs = lastEvent.timestampMs + Math.round((Date.now() - lastEvent.atMs) * ports.timeScale);
      finish(endedHere(job, events, status, error, cause, atMs));
    };
    const take = (received: readonly AslHistoryEvent[]): void => {
      for (const event of received) {
        events.push(event);
        lastEvent = { atMs: Date.now(), timestampMs: Date.parse(event.timestamp) };
        ports.onEvent(event);
      }
    };
    child.on("message", (message: FromInteractiveChild) => {
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
          return finish({ ...message.result, events });
        case "crashed":
          return endHere("FAILED", "States.Runtime", `The interpreter failed: ${message.name}: ${message.message}`);
      }
    });
    child.on("exit", (code, signal) => {
      if (stopping) endHere("ABORTED", "", "");
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
    });
  });
  send({ type: "interactive", job, timeScale: ports.timeScale });
  return {
    done,
    stop() {
      if (stopping || settled) return;
      stopping = true;
      send({ type: "stop" });
      killTimer = setTimeout(() => child.kill("SIGKILL"), stopGraceMs);
    },
    kill() {
      child.kill("SIGKILL");
    },
  };
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
