import { randomUUID } from "node:crypto";
import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { EXPRESS_MAX_DURATION_MS } from "@/lib/asl/express/express-execution";
import type { MapRunProgress, MapRunSettings } from "@/lib/asl/states/map-run-port";
import { stoppedExecutionResult } from "@/lib/asl/stopped-execution";
import { chainInvokers, type TaskInvoker } from "@/lib/asl/task-invoker";
import type { AslHistoryEvent, StateMachineDefinition } from "@/lib/asl/types";
import type { Database } from "@/lib/db/database";
import { awsMaxHistoryEvents } from "@/lib/local-runs/local-runner";
import { runInteractiveInProcess } from "@/lib/local-runs/run-interactive-in-process";
import { runInteractiveIsolated, type InteractiveRun } from "@/lib/local-runs/run-interactive-isolated";
import { RunnerPool } from "@/lib/local-runs/runner-pool";
import { getHistoryEvents } from "@/lib/queries/get-history-events";
import { sfnEndpointRows, type SfnExecutionRow } from "@/lib/store/sfn-endpoint-rows";
import { EndpointTasks } from "./endpoint-tasks";
import { failInterruptedExecutions } from "./interrupted-executions";
import { LiveMapRuns } from "./live-map-runs";
import { withStartedBy } from "./started-by";
import { storeEndpointMapRuns } from "./map-run-operations";
import type { SfnScope } from "./sfn-arns";
import { endStateOf, storeEndpointHistory, type EndpointExecutionState } from "./store-endpoint-history";

/** Settings of {@link EndpointRuns}. */
export interface EndpointRunsOptions {
  readonly db: Database;
  readonly scope: SfnScope;
  /** How many times faster than the wall clock executions' time passes (Waits, timeouts); 1 is real time. */
  readonly timeScale: number;
  /** How long a running execution's new events wait before they are stored together, in ms. Default 100. */
  readonly flushMs?: number;
  /** How long a new execution's first events wait, in ms: one that ends sooner is stored once (a burst of short ones costs one write each). Default 1000. */
  readonly firstFlushMs?: number;
  /** Each execution in a runner process (a runaway definition cannot block this one); default true. False: in this process (a definition that spins blocks the endpoint). */
  readonly isolate?: boolean;
  /**
   * The runner processes: executions at once (default 8; later starts wait their turn), idle ones
   * kept loaded (default 2), executions one hosts at once when none is idle (default 4).
   */
  readonly runners?: { readonly maxRunning?: number; readonly spares?: number; readonly perRunner?: number };
  /** Heap of each runner process, in MB; default 512. */
  readonly memoryMb?: number;
  /** Logs what cannot be answered to a caller (a store that failed in the background). */
  readonly log?: (message: string) => void;
}

interface LiveRun {
  readonly row: SfnExecutionRow;
  readonly run: InteractiveRun;
  readonly events: AslHistoryEvent[];
  readonly done: Promise<ExecutionResult>;
  /** Stores the events recorded so far now (RUNNING). */
  readonly flushNow: () => Promise<void>;
  stopDetails?: { readonly error?: string; readonly cause?: string };
}

/** Heap of an execution's process: far more than AWS's 256 KiB payloads need, far less than the server's. */
const defaultMemoryMb = 512;

/**
 * The executions the endpoint runs in the background, on the wall clock (sped up by `timeScale`):
 * each runs the bundled interpreter in a runner process of a pool (lib/local-runs, so a runaway
 * definition blocks neither the endpoint nor the server; in this process when `isolate` is false),
 * its Task states answered here (the
 * execution's MockConfigFile test case, HTTP handlers, or waiting for `SendTaskSuccess`/
 * `SendTaskFailure` on a `.waitForTaskToken` Task's token), its history stored as it grows.
 */
export class EndpointRuns {
  private readonly live = new Map<string, LiveRun>();
  /** The Map Runs of the executions running here, as their runners report them. */
  readonly mapRuns = new LiveMapRuns();
  /** The Tasks waiting for callbacks, heartbeats and activity workers. */
  readonly tasks: EndpointTasks;
  private closed = false;
  /** The runner processes (null: executions run in this process). */
  private readonly pool: RunnerPool | null;

  constructor(private readonly options: EndpointRunsOptions) {
    this.tasks = new EndpointTasks(options.db);
    this.pool =
      options.isolate === false
        ? null
        : new RunnerPool({
            memoryMb: options.memoryMb ?? defaultMemoryMb,
            ...(options.runners?.maxRunning === undefined ? {} : { maxRunning: options.runners.maxRunning }),
            ...(options.runners?.spares === undefined ? {} : { spares: options.runners.spares }),
            ...(options.runners?.perRunner === undefined ? {} : { perRunner: options.runners.perRunner }),
          });
    // The first StartExecution finds a loaded runner.
    this.pool?.warm();
  }

  /** Whether the execution runs in this process now. */
  isLive(executionArn: string): boolean {
    return this.live.has(executionArn);
  }

  /** The history of a running execution so far (null when it does not run here). */
  liveEvents(executionArn: string): readonly AslHistoryEvent[] | null {
    return this.live.get(executionArn)?.events.slice() ?? null;
  }

  /** The stored history of an execution, or the live one while it runs. */
  async events(executionArn: string): Promise<readonly AslHistoryEvent[]> {
    const live = this.liveEvents(executionArn);
    if (live !== null) return live;
    return ((await getHistoryEvents(this.options.db.prisma, executionArn)) ?? []) as unknown as AslHistoryEvent[];
  }

  /**
   * Starts an execution (its row is stored, RUNNING) in the background; the promise ends with it.
   * `redriveFrom` continues a failed history; `answerers` answer its Task states first (its
   * MockConfigFile test case, HTTP handlers), then callbacks and activity workers.
   */
  start(
    row: SfnExecutionRow,
    definition: StateMachineDefinition,
    answerers: readonly TaskInvoker[],
    redriveFrom?: readonly AslHistoryEvent[],
  ): Promise<ExecutionResult> {
    const events: AslHistoryEvent[] = redriveFrom === undefined ? [] : [...redriveFrom];
    const stateMachineName = row.stateMachineArn.split(":")[6] ?? row.name;
    const invokers = [...answerers, this.tasks.invokerFor(row.executionArn)];
    let flushTimer: NodeJS.Timeout | undefined;
    let flushing: Promise<void> = Promise.resolve();
    let flushes = 0;
    const flush = (state: EndpointExecutionState): Promise<void> => {
      const snapshot = events.slice();
      const mine = ++flushes;
      // A store still waiting when a later one is asked for is skipped: the later one holds its events too.
      flushing = flushing
        .then(() =>
          this.closed || mine !== flushes ? undefined : storeEndpointHistory(this.options.db, row, state, snapshot),
        )
        .catch((err: unknown) =>
          this.options.log?.(
            `sfn endpoint: storing ${row.executionArn}: ${err instanceof Error ? err.message : String(err)}`,
          ),
        );
      return flushing;
    };
    const flushSoon = (): void => {
      flushTimer ??= setTimeout(
        () => {
          flushTimer = undefined;
          void flush({ status: "RUNNING" });
        },
        flushes === 0 ? (this.options.firstFlushMs ?? 1000) : (this.options.flushMs ?? 100),
      );
    };
    // Its `ExecutionStarted` (a redrive's `ExecutionRedriven`) shows at once, as AWS's does, though
    // the execution may wait for a runner: the runner's own replaces it (keeping its time) when it starts.
    let opening: AslHistoryEvent | null = null;
    const onEvent = (event: AslHistoryEvent): void => {
      const shown = event.type === "ExecutionStarted" ? withStartedBy(event, row) : event;
      if (opening !== null && event.id === opening.id) {
        events[events.indexOf(opening)] = { ...shown, timestamp: opening.timestamp };
        opening = null;
      } else events.push(shown);
      flushSoon();
    };
    const job = {
      definition,
      input: row.input,
      stateMachineName,
      executionName: row.name,
      // An Express execution's ARN (and `$$.Execution.Id`) ends in its id.
      ...(row.type === "EXPRESS" ? { type: "EXPRESS" as const, executionId: row.executionArn.split(":")[8] } : {}),
      region: this.options.scope.region,
      accountId: this.options.scope.accountId,
      roleArn: row.roleArn,
      startMs: Date.now(),
      realTime: true,
      ...(redriveFrom === undefined ? {} : { redriveFrom }),
      invokers: [],
      // AWS's history quota bounds a runaway loop; a Standard execution has no transition quota.
      limits: {
        maxEvents: awsMaxHistoryEvents,
        wallMs: Number.MAX_SAFE_INTEGER,
        memoryMb: this.options.memoryMb ?? defaultMemoryMb,
        ...(row.type === "EXPRESS" ? { maxDurationMs: EXPRESS_MAX_DURATION_MS } : {}),
      },
    };
    const openedAt = (redriveFrom === undefined ? row.startDate : row.redriveDate)?.getTime() ?? Date.now();
    const opened = stoppedExecutionResult(job, "", "", openedAt).events.at(-2);
    if (opened !== undefined) {
      // Not stored yet (a queued execution costs the database nothing until it runs): read from here.
      opening = opened.type === "ExecutionStarted" ? withStartedBy(opened, row) : opened;
      events.push(opening);
    }
    const ports = {
      invoker: chainInvokers(...invokers),
      onEvent,
      timeScale: this.options.timeScale,
      onMapRun: (progress: MapRunProgress) => this.mapRuns.update(row.executionArn, row.stateMachineArn, progress),
    };
    const isolated =
      this.pool === null ? runInteractiveInProcess(job, ports) : runInteractiveIsolated(job, ports, this.pool);
    const run = async (): Promise<ExecutionResult> => {
      const result = await isolated.done;
      // The end its process could not record (it was stopped while stuck or queued, or died) was written here.
      for (const event of result.events) if (event.id > (events.at(-1)?.id ?? 0)) events.push(event);
      clearTimeout(flushTimer);
      const stop = this.live.get(row.executionArn)?.stopDetails;
      const last = events.at(-1);
      if (result.status === "ABORTED" && last?.type === "ExecutionAborted" && stop !== undefined)
        // StopExecution's error and cause go to ExecutionAborted, as AWS records them.
        events[events.length - 1] = { ...last, executionAbortedEventDetails: { ...stop } } as AslHistoryEvent;
      const end = endStateOf(result, stop);
      if (!this.closed) {
        await flush(end);
        // Before the end is stored: a caller that sees the end finds the Map Runs too.
        const live = this.mapRuns.end(row.executionArn, events.at(-1)?.timestamp ?? new Date().toISOString());
        if (result.mapRuns !== undefined || live.length > 0)
          await storeEndpointMapRuns(this.options.db, row.executionArn, result.mapRuns ?? [], live).catch(
            (err: unknown) =>
              this.options.log?.(
                `sfn endpoint: storing the Map Runs of ${row.executionArn}: ${err instanceof Error ? err.message : String(err)}`,
              ),
          );
        await sfnEndpointRows.endExecution(this.options.db.prisma, row.executionArn, {
          status: end.status,
          stopDate: new Date(Date.parse(result.events.at(-1)?.timestamp ?? "") || Date.now()),
          output: end.output ?? null,
          error: end.error ?? null,
          cause: end.cause ?? null,
        });
      }
      return result;
    };
    const done = run().finally(() => {
      this.mapRuns.forget(row.executionArn);
      this.live.delete(row.executionArn);
      this.tasks.release(row.executionArn);
    });
    const flushNow = (): Promise<void> => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      return flush({ status: "RUNNING" });
    };
    this.live.set(row.executionArn, { row, run: isolated, events, done, flushNow });
    return done;
  }

  /** `UpdateMapRun` of a Map Run running here (false when none runs here): shown at once, applied by its runner from its next child on. */
  updateMapRun(mapRunArn: string, settings: Partial<MapRunSettings>): boolean {
    const run = this.mapRuns.override(mapRunArn, settings);
    if (run === null) return false;
    this.live.get(run.executionArn)?.run.updateMapRun(mapRunArn, settings);
    return true;
  }

  /** Stops a running execution: it records its `*StateAborted` and `ExecutionAborted`; resolves when it has ended. */
  async stop(executionArn: string, details: { readonly error?: string; readonly cause?: string }): Promise<void> {
    const run = this.live.get(executionArn);
    if (run === undefined) return;
    run.stopDetails = details;
    run.run.stop();
    // A Task waiting for its callback sees the stop when it is answered.
    this.tasks.release(executionArn, { type: "failure", error: "States.Aborted" });
    await run.done.catch(() => undefined);
  }

  /** Fails the executions stored RUNNING that do not run here (see {@link failInterruptedExecutions}); how many. */
  failInterrupted(): Promise<number> {
    return failInterruptedExecutions(this.options.db, this);
  }

  /**
   * Stops running executions, storing the events they recorded but not their stop: their rows
   * stay RUNNING, and the next start fails them with `interruptedCause` (as after a crash,
   * which loses at most the events of the last `flushMs`, or of a new execution's first `firstFlushMs`).
   */
  async close(): Promise<void> {
    const runs = [...this.live.values()];
    // What was recorded until now is kept (a redrive after the restart continues from it); the stop itself is not.
    await Promise.all(runs.map((run) => run.flushNow()));
    this.closed = true;
    this.pool?.close();
    for (const run of runs) run.run.kill();
    this.tasks.close();
    await Promise.all(runs.map((run) => run.done.catch(() => undefined)));
  }
}

/** A fresh execution name, as AWS gives one when StartExecution has none. */
export function generatedExecutionName(): string {
  return randomUUID();
}
