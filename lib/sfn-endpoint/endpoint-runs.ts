import { randomUUID } from "node:crypto";
import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { createMockConfigInvoker, type MockConfig } from "@/lib/asl/mock-config-invoker";
import { chainInvokers, type TaskInvoker, type TaskOutcome } from "@/lib/asl/task-invoker";
import type { AslHistoryEvent, StateMachineDefinition } from "@/lib/asl/types";
import type { Database } from "@/lib/db/database";
import { executeLocalJob } from "@/lib/local-runs/local-run-job";
import { awsMaxHistoryEvents } from "@/lib/local-runs/local-runner";
import { createRealClock } from "@/lib/local-runs/real-clock";
import { getHistoryEvents } from "@/lib/queries/get-history-events";
import { sfnEndpointRows, type SfnExecutionRow } from "@/lib/store/sfn-endpoint-rows";
import { SfnError } from "./sfn-error";
import type { SfnScope } from "./sfn-arns";
import { storeEndpointHistory, type EndpointExecutionState } from "./store-endpoint-history";

/** Settings of {@link EndpointRuns}. */
export interface EndpointRunsOptions {
  readonly db: Database;
  readonly scope: SfnScope;
  /** How many times faster than the wall clock executions' time passes (Waits, timeouts); 1 is real time. */
  readonly timeScale: number;
  /** How long a running execution's new events wait before they are stored together, in ms. Default 100. */
  readonly flushMs?: number;
  /** Logs what cannot be answered to a caller (a store that failed in the background). */
  readonly log?: (message: string) => void;
}

interface PendingTask {
  readonly executionArn: string;
  readonly answer: (outcome: TaskOutcome) => void;
  /** The worker that took an activity task (`ActivityStarted.workerName`). */
  workerName?: string;
}

/** An activity task no worker has taken yet. */
interface QueuedActivityTask {
  readonly executionArn: string;
  readonly token: string;
  readonly input: string;
}

/** A worker's `GetActivityTask` waiting for a task. */
type ActivityWaiter = (task: QueuedActivityTask | null) => void;

/** How long `GetActivityTask` waits for a task before it answers without one (AWS: 60 s). */
const activityPollMs = 60_000;

interface LiveRun {
  readonly row: SfnExecutionRow;
  readonly controller: AbortController;
  readonly events: AslHistoryEvent[];
  readonly done: Promise<ExecutionResult>;
  /** Stores the events recorded so far now (RUNNING). */
  readonly flushNow: () => Promise<void>;
  stopDetails?: { readonly error?: string; readonly cause?: string };
}

/** The cause an execution found RUNNING at the endpoint's start fails with. */
export const interruptedCause =
  "Stepscope's Step Functions endpoint stopped while this execution was running, so it failed where it was; RedriveExecution continues it from the state it was in.";

/**
 * The executions the endpoint runs in the background, on the wall clock (sped up by `timeScale`):
 * each runs the bundled interpreter in this process (Task states answered by the execution's
 * MockConfigFile test case, or waiting for `SendTaskSuccess`/`SendTaskFailure` on a
 * `.waitForTaskToken` Task's token), its history stored as it grows.
 */
export class EndpointRuns {
  private readonly live = new Map<string, LiveRun>();
  private readonly tasks = new Map<string, PendingTask>();
  private readonly activityQueues = new Map<string, QueuedActivityTask[]>();
  private readonly activityWaiters = new Map<string, ActivityWaiter[]>();
  private closed = false;

  constructor(private readonly options: EndpointRunsOptions) {}

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
   * `redriveFrom` continues a failed history; `mockConfig` answers its Task states (its row's test case).
   */
  start(
    row: SfnExecutionRow,
    definition: StateMachineDefinition,
    mockConfig: MockConfig | null,
    redriveFrom?: readonly AslHistoryEvent[],
  ): Promise<ExecutionResult> {
    const controller = new AbortController();
    const events: AslHistoryEvent[] = redriveFrom === undefined ? [] : [...redriveFrom];
    const stateMachineName = row.stateMachineArn.split(":")[6] ?? row.name;
    const invokers: TaskInvoker[] = [];
    if (mockConfig !== null && row.testCase !== null)
      invokers.push(createMockConfigInvoker(mockConfig, stateMachineName, row.testCase));
    invokers.push(this.callbackInvoker(row.executionArn));
    let flushTimer: NodeJS.Timeout | undefined;
    let flushing: Promise<void> = Promise.resolve();
    const flush = (state: EndpointExecutionState): Promise<void> => {
      const snapshot = events.slice();
      flushing = flushing
        .then(() => (this.closed ? undefined : storeEndpointHistory(this.options.db, row, state, snapshot)))
        .catch((err: unknown) =>
          this.options.log?.(
            `sfn endpoint: storing ${row.executionArn}: ${err instanceof Error ? err.message : String(err)}`,
          ),
        );
      return flushing;
    };
    const onEvent = (event: AslHistoryEvent): void => {
      events.push(event);
      flushTimer ??= setTimeout(() => {
        flushTimer = undefined;
        void flush({ status: "RUNNING" });
      }, this.options.flushMs ?? 100);
    };
    const run = async (): Promise<ExecutionResult> => {
      const { result } = await executeLocalJob(
        {
          definition,
          input: row.input,
          stateMachineName,
          executionName: row.name,
          region: this.options.scope.region,
          accountId: this.options.scope.accountId,
          roleArn: row.roleArn,
          startMs: Date.now(),
          realTime: true,
          ...(redriveFrom === undefined ? {} : { redriveFrom }),
          invokers: [],
          // AWS's history quota bounds a runaway loop; a Standard execution has no transition quota.
          limits: { maxEvents: awsMaxHistoryEvents, wallMs: Number.MAX_SAFE_INTEGER, memoryMb: 0 },
        },
        {
          invoker: chainInvokers(...invokers),
          signal: controller.signal,
          clock: createRealClock({ scale: this.options.timeScale, signal: controller.signal }),
          onEvent,
        },
      );
      clearTimeout(flushTimer);
      const stop = this.live.get(row.executionArn)?.stopDetails;
      const last = events.at(-1);
      if (result.status === "ABORTED" && last?.type === "ExecutionAborted" && stop !== undefined)
        // StopExecution's error and cause go to ExecutionAborted, as AWS records them.
        events[events.length - 1] = { ...last, executionAbortedEventDetails: { ...stop } } as AslHistoryEvent;
      const end = this.endOf(result, stop);
      if (!this.closed) {
        await flush(end);
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
      this.live.delete(row.executionArn);
      for (const [token, task] of this.tasks) if (task.executionArn === row.executionArn) this.tasks.delete(token);
    });
    const flushNow = (): Promise<void> => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      return flush({ status: "RUNNING" });
    };
    this.live.set(row.executionArn, { row, controller, events, done, flushNow });
    return done;
  }

  /** An ended execution's status, output or error; a stop's `error`/`cause` as StopExecution gave them. */
  private endOf(result: ExecutionResult, stop: LiveRun["stopDetails"]): EndpointExecutionState {
    if (result.status === "ABORTED")
      return {
        status: "ABORTED",
        ...(stop?.error === undefined ? {} : { error: stop.error }),
        ...(stop?.cause === undefined ? {} : { cause: stop.cause }),
      };
    return {
      status: result.status,
      ...(result.output === undefined ? {} : { output: result.output }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.cause === undefined ? {} : { cause: result.cause }),
    };
  }

  /**
   * A `.waitForTaskToken` Task waits for its callback; an activity's Task waits for a worker
   * (`GetActivityTask`) and its answer; other unanswered Tasks stay unresolved (they fail).
   */
  private callbackInvoker(executionArn: string): TaskInvoker {
    return {
      invoke: async (invocation) => {
        if (/^arn:aws[a-z-]*:states:[^:]*:\d*:activity:/.test(invocation.resource))
          return this.queueActivityTask(executionArn, invocation.resource, JSON.stringify(invocation.payload));
        const token = invocation.taskToken;
        if (token === undefined) return null;
        // The interpreter's token names the execution and the event; the ARN makes it unique across state machines.
        const key = `${executionArn}#${token}`;
        return new Promise<TaskOutcome>((answer) => this.tasks.set(key, { executionArn, answer }));
      },
    };
  }

  /** Queues a task for the activity's workers; null (the activity does not exist) when it was not created here. */
  private async queueActivityTask(
    executionArn: string,
    activityArn: string,
    input: string,
  ): Promise<TaskOutcome | null> {
    if ((await sfnEndpointRows.getActivity(this.options.db.prisma, activityArn)) === null) return null;
    const token = randomUUID();
    const outcome = new Promise<TaskOutcome>((answer) =>
      this.tasks.set(`${executionArn}#${token}`, { executionArn, answer }),
    );
    const task: QueuedActivityTask = { executionArn, token, input };
    const waiter = this.activityWaiters.get(activityArn)?.shift();
    if (waiter !== undefined) waiter(task);
    else this.activityQueues.set(activityArn, [...(this.activityQueues.get(activityArn) ?? []), task]);
    return outcome;
  }

  /**
   * `GetActivityTask`: the oldest task of the activity, taken by `workerName`, or null when none
   * comes within 60 s (or the endpoint closes).
   */
  async takeActivityTask(
    activityArn: string,
    workerName: string | undefined,
  ): Promise<{ token: string; input: string } | null> {
    let task = this.activityQueues.get(activityArn)?.shift() ?? null;
    if (task === null && !this.closed) {
      task = await new Promise<QueuedActivityTask | null>((resolve) => {
        const waiters = this.activityWaiters.get(activityArn) ?? [];
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve(null);
        }, activityPollMs);
        const waiter: ActivityWaiter = (t) => {
          clearTimeout(timer);
          resolve(t);
        };
        waiters.push(waiter);
        this.activityWaiters.set(activityArn, waiters);
      });
    }
    if (task === null) return null;
    const pending = this.tasks.get(`${task.executionArn}#${task.token}`);
    // The execution stopped while its task waited in the queue: the next one, if any.
    if (pending === undefined) return this.takeActivityTask(activityArn, workerName);
    if (workerName !== undefined) pending.workerName = workerName;
    return { token: task.token, input: task.input };
  }

  /** The key a task token is known by (the token as the Task's payload carried it, and its execution). */
  private taskOrThrow(token: string): [string, PendingTask] {
    for (const [key, task] of this.tasks) if (key === `${task.executionArn}#${token}`) return [key, task];
    throw new SfnError("TaskDoesNotExist", `Task Does Not Exist: '${token}'`);
  }

  /** Answers a waiting `.waitForTaskToken` Task (`SendTaskSuccess`/`SendTaskFailure`); `TaskDoesNotExist` when no Task waits on the token. */
  answerTask(token: string, outcome: TaskOutcome): void {
    const [key, task] = this.taskOrThrow(token);
    this.tasks.delete(key);
    task.answer(task.workerName === undefined ? outcome : { ...outcome, workerName: task.workerName });
  }

  /** `SendTaskHeartbeat`: the Task must be waiting (the interpreter's `HeartbeatSeconds` timer is not reset). */
  heartbeat(token: string): void {
    this.taskOrThrow(token);
  }

  /** Stops a running execution: it records its `*StateAborted` and `ExecutionAborted`; resolves when it has ended. */
  async stop(executionArn: string, details: { readonly error?: string; readonly cause?: string }): Promise<void> {
    const run = this.live.get(executionArn);
    if (run === undefined) return;
    run.stopDetails = details;
    run.controller.abort();
    // A Task waiting for its callback sees the stop when it is answered.
    for (const [key, task] of this.tasks)
      if (task.executionArn === executionArn) {
        this.tasks.delete(key);
        task.answer({ type: "failure", error: "States.Aborted" });
      }
    await run.done.catch(() => undefined);
  }

  /**
   * Fails every execution stored RUNNING that does not run here (the endpoint stopped while it
   * ran): `ExecutionFailed` (`States.Runtime`, {@link interruptedCause}) is appended to its
   * history, so RedriveExecution can continue it. Returns how many.
   */
  async failInterrupted(): Promise<number> {
    const running = await sfnEndpointRows.listRunning(this.options.db.prisma);
    let failed = 0;
    for (const row of running) {
      if (this.live.has(row.executionArn)) continue;
      const events = [...(await this.events(row.executionArn))];
      const now = new Date();
      if (events.length === 0)
        // The endpoint stopped before the first events were stored: the start is known from the row.
        events.push({
          id: 1,
          previousEventId: 0,
          timestamp: row.startDate.toISOString(),
          type: "ExecutionStarted",
          executionStartedEventDetails: {
            input: row.input,
            inputDetails: { truncated: false },
            roleArn: row.roleArn,
          },
        } as unknown as AslHistoryEvent);
      events.push({
        id: events.length + 1,
        previousEventId: events.at(-1)?.id ?? 0,
        timestamp: now.toISOString(),
        type: "ExecutionFailed",
        executionFailedEventDetails: { error: "States.Runtime", cause: interruptedCause },
      } as unknown as AslHistoryEvent);
      await storeEndpointHistory(
        this.options.db,
        row,
        { status: "FAILED", error: "States.Runtime", cause: interruptedCause },
        events,
      );
      await sfnEndpointRows.endExecution(this.options.db.prisma, row.executionArn, {
        status: "FAILED",
        stopDate: now,
        output: null,
        error: "States.Runtime",
        cause: interruptedCause,
      });
      failed++;
    }
    return failed;
  }

  /**
   * Stops running executions, storing the events they recorded but not their stop: their rows
   * stay RUNNING, and the next start fails them with {@link interruptedCause} (as after a crash,
   * which loses at most the events of the last `flushMs`).
   */
  async close(): Promise<void> {
    const runs = [...this.live.values()];
    // What was recorded until now is kept (a redrive after the restart continues from it); the stop itself is not.
    await Promise.all(runs.map((run) => run.flushNow()));
    this.closed = true;
    for (const run of runs) run.controller.abort();
    for (const [key, task] of this.tasks) {
      this.tasks.delete(key);
      task.answer({ type: "failure", error: "States.Aborted" });
    }
    for (const waiters of this.activityWaiters.values()) for (const waiter of waiters.splice(0)) waiter(null);
    await Promise.all(runs.map((run) => run.done.catch(() => undefined)));
  }
}

/** A fresh execution name, as AWS gives one when StartExecution has none. */
export function generatedExecutionName(): string {
  return randomUUID();
}
