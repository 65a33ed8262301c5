import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { MapRunProgress, MapRunSettings } from "@/lib/asl/states/map-run-port";
import { executionIdentity, stoppedExecutionResult } from "@/lib/asl/stopped-execution";
import type { TaskInvoker, TaskOutcome } from "@/lib/asl/task-invoker";
import type { AslHistoryEvent } from "@/lib/asl/types";
import type {
  ForRun,
  FromInteractiveChild,
  InteractiveRunRequest,
  ToInteractiveChild,
} from "./interactive-run-messages";
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
  /** Sees its Distributed Maps' runs as they go on. */
  readonly onMapRun?: (progress: MapRunProgress) => void;
}

/** A run going on in its own process. */
export interface InteractiveRun {
  /** The execution's end (its events are those `onEvent` saw, plus any end this process had to write). */
  readonly done: Promise<ExecutionResult>;
  /** Asks the run to stop (it records its aborts); one that does not end within 2 s is killed and ends ABORTED. */
  stop(): void;
  /** Ends the run's process at once, as a crash would. */
  kill(): void;
  /** `UpdateMapRun`: changes a running Map Run's settings from now on. */
  updateMapRun(mapRunArn: string, settings: Partial<MapRunSettings>): void;
}

/** How long a stopped run has to end by itself before its process is killed (a run stuck in a loop never reads the stop). */
const stopGraceMs = 2_000;

/**
 * Runs a job in a runner process of `pool` (waiting for one while `maxRunning` executions run),
 * on the wall clock, answering its Tasks here: a definition that loops, allocates without end or
 * crashes can neither block nor kill this process. Its heap is capped at the pool's `memoryMb`;
 * past it, or when its process ends early, the execution ends FAILED (`States.Runtime`) with a
 * cause naming what happened. A run that ends by itself gives its runner back for the next
 * execution; one killed (stuck when stopped) costs its runner, replaced by the pool. A runner
 * may host several runs at once (a burst): they share its heap, and when one stuck in a loop
 * costs the runner, the others end FAILED with a cause naming it. They are not re-run: their
 * Tasks would be asked again; RedriveExecution continues them from their recorded history.
 */
export function runInteractiveIsolated(job: LocalRunJob, ports: InteractiveRunPorts, pool: RunnerPool): InteractiveRun {
  const waiting = new AbortController();
  let lease: RunnerLease | null = null;
  let stopping = false;
  let killed = false;
  let stopInChild = (): void => undefined;
  let updateInChild: InteractiveRun["updateMapRun"] = () => undefined;
  const done = pool.acquire(waiting.signal).then(
    (lent) => {
      lease = lent;
      const run = runInRunner(lent, job, ports, () => stopping);
      stopInChild = run.stop;
      updateInChild = run.updateMapRun;
      if (killed) lent.kill("the server stopped");
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
      else lease.kill("the server stopped");
    },
    updateMapRun: (mapRunArn, settings) => updateInChild(mapRunArn, settings),
  };
}

/** One execution in a lent runner: its end, and whether the runner may host the next (it ended by itself). */
function runInRunner(
  lease: RunnerLease,
  job: LocalRunJob,
  ports: InteractiveRunPorts,
  isStopping: () => boolean,
): {
  readonly done: Promise<{ result: ExecutionResult; reusable: boolean }>;
  readonly stop: () => void;
  readonly updateMapRun: InteractiveRun["updateMapRun"];
} {
  const { child, runId } = lease;
  const events: AslHistoryEvent[] = [];
  const abandoned = new Map<number, AbortController>();
  let lastEvent = { atMs: Date.now(), timestampMs: job.startMs };
  let settled = false;
  let stderr = "";
  let killTimer: NodeJS.Timeout | undefined;
  const send = (message: ToInteractiveChild | InteractiveRunRequest): void => {
    if (!settled && child.connected) child.send({ ...message, run: runId });
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
    const endHere = (status: "FAILED" | "ABORTED", error: string, cause: string, reusable = false): void => {
      // The execution's clock went on since its last event, `timeScale` times faster than this one.
      const atMs = lastEvent.timestampMs + Math.round((Date.now() - lastEvent.atMs) * ports.timeScale);
      finish(endedHere(job, events, status, error, cause, atMs), reusable);
    };
    const take = (received: readonly AslHistoryEvent[]): void => {
      for (const event of received) {
        events.push(event);
        lastEvent = { atMs: Date.now(), timestampMs: Date.parse(event.timestamp) };
        ports.onEvent(event);
      }
    };
    const onMessage = (message: ForRun<FromInteractiveChild>): void => {
      // The runner may host other executions at once: their messages carry their own ids.
      if (message.run !== runId) return;
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
        case "mapRun":
          return ports.onMapRun?.(message.progress);
        case "abandoned":
          abandoned.get(message.id)?.abort();
          abandoned.delete(message.id);
          return;
        case "done":
          return finish({ ...message.result, events }, true);
        case "crashed":
          // The interpreter's error was caught in the runner: the process goes on with the others it hosts.
          return endHere(
            "FAILED",
            "States.Runtime",
            `The interpreter failed: ${message.name}: ${message.message}`,
            true,
          );
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (isStopping()) endHere("ABORTED", "", "");
      else if (lease.killedBecause !== undefined)
        endHere(
          "FAILED",
          "States.Runtime",
          `The runner process it ran in was ended: ${lease.killedBecause} (RedriveExecution runs it on from where it was)`,
        );
      else if (/heap out of memory|Reached heap limit/.test(stderr))
        endHere(
          "FAILED",
          "States.Runtime",
          lease.hosting > 1
            ? `The runner process it ran in, with ${lease.hosting - 1} other executions, exceeded its memory limit of ${job.limits.memoryMb} MB and was stopped`
            : `The execution exceeded its memory limit of ${job.limits.memoryMb} MB and was stopped`,
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
  send({ type: "interactive", run: runId, job, timeScale: ports.timeScale });
  return {
    done,
    stop() {
      if (settled) return;
      send({ type: "stop" });
      // A run that never reads the stop (it spins) costs its runner, and the executions it hosts with it.
      killTimer = setTimeout(
        () =>
          lease.kill(
            `execution ${executionIdentity(job).executionArn}, which it also ran, did not stop within ${stopGraceMs / 1000} s of StopExecution (it ran without yielding)`,
          ),
        stopGraceMs,
      );
    },
    updateMapRun: (mapRunArn, settings) => send({ type: "updateMapRun", mapRunArn, settings }),
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
