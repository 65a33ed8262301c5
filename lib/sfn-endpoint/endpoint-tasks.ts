import { randomUUID } from "node:crypto";
import type { TaskInvoker, TaskOutcome } from "@/lib/asl/task-invoker";
import type { Database } from "@/lib/db/database";
import { sfnEndpointRows } from "@/lib/store/sfn-endpoint-rows";
import { SfnError } from "./sfn-error";

interface PendingTask {
  readonly executionArn: string;
  readonly answer: (outcome: TaskOutcome) => void;
  /** Resets the Task's `HeartbeatSeconds` timer (absent when the Task has none). */
  readonly beat: (() => void) | undefined;
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

/** How many timed-out tokens are remembered (to answer `TaskTimedOut` rather than `TaskDoesNotExist`), oldest forgotten first. */
const maxTimedOutTokens = 10_000;

const activityArnPattern = /^arn:aws[a-z-]*:states:[^:]*:\d*:activity:/;

/**
 * The Tasks of the endpoint's executions that wait for the outside: `.waitForTaskToken` Tasks
 * for their callback (`SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`), activities'
 * Tasks for a worker (`GetActivityTask`) and its answer.
 */
export class EndpointTasks {
  private readonly tasks = new Map<string, PendingTask>();
  /** Tokens of Tasks whose `TimeoutSeconds`/`HeartbeatSeconds` ended the wait (Set order: oldest first). */
  private readonly timedOut = new Set<string>();
  private readonly activityQueues = new Map<string, QueuedActivityTask[]>();
  private readonly activityWaiters = new Map<string, ActivityWaiter[]>();
  private closed = false;

  constructor(private readonly db: Database) {}

  /**
   * The invoker of one execution: a `.waitForTaskToken` Task waits for its callback; an
   * activity's Task waits for a worker and its answer; other Tasks are left to the next invoker.
   */
  invokerFor(executionArn: string): TaskInvoker {
    return {
      invoke: async (invocation) => {
        if (activityArnPattern.test(invocation.resource))
          return this.queueActivityTask(
            executionArn,
            invocation.resource,
            JSON.stringify(invocation.payload),
            invocation.heartbeat,
            invocation.abandoned,
          );
        const token = invocation.taskToken;
        if (token === undefined) return null;
        // The interpreter's token names the execution and the event; the ARN makes it unique across state machines.
        const key = `${executionArn}#${token}`;
        this.timeOutWhenAbandoned(key, invocation.abandoned);
        return new Promise<TaskOutcome>((answer) =>
          this.tasks.set(key, { executionArn, answer, beat: invocation.heartbeat }),
        );
      },
    };
  }

  /** Queues a task for the activity's workers; null (the activity does not exist) when it was not created here. */
  private async queueActivityTask(
    executionArn: string,
    activityArn: string,
    input: string,
    beat: (() => void) | undefined,
    abandoned: AbortSignal | undefined,
  ): Promise<TaskOutcome | null> {
    if ((await sfnEndpointRows.getActivity(this.db.prisma, activityArn)) === null) return null;
    const token = randomUUID();
    this.timeOutWhenAbandoned(`${executionArn}#${token}`, abandoned);
    const outcome = new Promise<TaskOutcome>((answer) =>
      this.tasks.set(`${executionArn}#${token}`, { executionArn, answer, beat }),
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

  /** When the Task stops waiting (a limit came first), its token is timed out: it waits no more. */
  private timeOutWhenAbandoned(key: string, abandoned: AbortSignal | undefined): void {
    abandoned?.addEventListener("abort", () => {
      if (!this.tasks.delete(key)) return;
      this.timedOut.add(key.slice(key.indexOf("#") + 1));
      if (this.timedOut.size > maxTimedOutTokens) this.timedOut.delete(this.timedOut.values().next().value!);
    });
  }

  /** The key a task token is known by (the token as the Task's payload carried it, and its execution). */
  private taskOrThrow(token: string): [string, PendingTask] {
    for (const [key, task] of this.tasks) if (key === `${task.executionArn}#${token}`) return [key, task];
    if (this.timedOut.has(token)) throw new SfnError("TaskTimedOut", `Task Timed Out: '${token}'`);
    throw new SfnError("TaskDoesNotExist", `Task Does Not Exist: '${token}'`);
  }

  /** Answers a waiting Task (`SendTaskSuccess`/`SendTaskFailure`); `TaskTimedOut` when its limit ended the wait, else `TaskDoesNotExist` when no Task waits on the token. */
  answer(token: string, outcome: TaskOutcome): void {
    const [key, task] = this.taskOrThrow(token);
    this.tasks.delete(key);
    task.answer(task.workerName === undefined ? outcome : { ...outcome, workerName: task.workerName });
  }

  /** `SendTaskHeartbeat`: resets the waiting Task's `HeartbeatSeconds` timer; `TaskDoesNotExist` when no Task waits on the token. */
  heartbeat(token: string): void {
    this.taskOrThrow(token)[1].beat?.();
  }

  /** Forgets an execution's waiting Tasks, answering each with `outcome` when one is given (a stop). */
  release(executionArn: string, outcome?: TaskOutcome): void {
    for (const [key, task] of this.tasks)
      if (task.executionArn === executionArn) {
        this.tasks.delete(key);
        if (outcome !== undefined) task.answer(outcome);
      }
  }

  /** Ends every wait: Tasks fail with `States.Aborted`, workers' polls answer without a task. */
  close(): void {
    this.closed = true;
    for (const [key, task] of this.tasks) {
      this.tasks.delete(key);
      task.answer({ type: "failure", error: "States.Aborted" });
    }
    for (const waiters of this.activityWaiters.values()) for (const waiter of waiters.splice(0)) waiter(null);
  }
}
