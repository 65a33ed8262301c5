import { applyCatch } from "./apply-catch";
import { awsBehaviourAsOf, type AwsBehaviour } from "./aws-behaviour";
import type { ExecutionOptions, ExecutionResult } from "./execution-options";
import { HistoryRecorder, isoAt } from "./history-recorder";
import type { PathScope } from "./intrinsics";
import { LazyContextScope } from "./lazy-context-scope";
import { planRedrive, type ContainerRedrive } from "./redrive-plan";
import { StatesError } from "./states-error";
import * as dispatch from "./states/dispatch-state";
import { Failure } from "./states/evaluation-failure";
import { errorDetails, exceedsPayloadLimit, NOT_TRUNCATED } from "./states/event-details";
import { ABORTABLE, ExecutionAbort } from "./states/execution-abort";
import * as stateExited from "./states/record-state-exited";
import type { Frame, Outcome, StateCtx, StateOutcome, StepResult, Thread } from "./states/state-context";
import type { StateRuntime } from "./states/state-runtime";
import { raceTaskLimits, type TaskLimit } from "./states/task-limits";
import { executionIdentity } from "./stopped-execution";
import type { TaskOutcome } from "./task-invoker";
import type { AslHistoryEvent, Json, JsonObject, QueryLanguage, StateMachineDefinition } from "./types";

// Bound once: tsx/esbuild's CommonJS output reads an imported binding through getters on every call,
// which costs ~10% of a Pass state's time on this per-state path (npm run bench:interpreter).
const { eventType, recordStateExited } = stateExited;
const { dispatchState } = dispatch;

export type { ExecutionOptions, ExecutionResult } from "./execution-options";

/**
 * Runs a state machine to its end on the given ports and returns its AWS history
 * (`ExecutionStarted` … `ExecutionSucceeded`/`ExecutionFailed`). Branches of a `Parallel`
 * and iterations of a `Map` run one after another, so histories are deterministic.
 */
export async function executeStateMachine(options: ExecutionOptions): Promise<ExecutionResult> {
  const run = new Execution(options);
  return run.start();
}

/**
 * One execution: the core that enters states, hands each to its module (`states/run-*.ts`, which
 * see it only as a {@link StateRuntime}), records the history and applies `Catch`.
 */
class Execution implements StateRuntime {
  /** Where events go; swapped for a child recorder while a Distributed Map's child executions run. */
  recorder: HistoryRecorder;
  readonly options: ExecutionOptions;
  private readonly executionArn: string;
  readonly stateMachineArn: string;
  private readonly roleArn: string;
  readonly region: string;
  private transitions = 0;
  /** Epoch ms past which the execution times out (the definition's `TimeoutSeconds`), if it has one. */
  private deadline: number | undefined;
  readonly behaviour: AwsBehaviour;
  private startIso = "";
  private executionInput: Json = {};
  private redriveCount = 0;
  private lastPayload: Json = null;
  private lastPayloadText = "null";

  /** `JSON.stringify`, remembering the last payload: a state's output is usually the next state's input, by identity. */
  private payloadText(value: Json): string {
    if (value === this.lastPayload && typeof value === "object") return this.lastPayloadText;
    const text = JSON.stringify(value);
    this.lastPayload = value;
    this.lastPayloadText = text;
    return text;
  }

  constructor(options: ExecutionOptions) {
    this.options = options;
    const maxEvents = options.maxEvents;
    this.recorder = new HistoryRecorder(
      () => options.clock.now(),
      maxEvents === undefined
        ? undefined
        : {
            maxEvents,
            onFull: (prev) => {
              throw new ExecutionAbort(prev, "history");
            },
          },
      options.onEvent,
    );
    this.region = options.region ?? "us-east-1";
    this.behaviour = awsBehaviourAsOf(options.awsBehaviourAsOf);
    const identity = executionIdentity(options);
    this.stateMachineArn = identity.stateMachineArn;
    this.executionArn = identity.executionArn;
    this.roleArn = identity.roleArn;
  }

  async start(): Promise<ExecutionResult> {
    if (this.options.redriveFrom !== undefined) return this.redrive(this.options.redriveFrom);
    const inputText = this.options.input ?? "{}";
    this.executionInput = JSON.parse(inputText) as Json;
    this.startIso = isoAt(this.options.clock.now());
    // AWS keeps the execution input text as sent.
    this.recorder.add("ExecutionStarted", 0, { input: inputText, inputDetails: NOT_TRUNCATED, roleArn: this.roleArn });
    // AWS quirk: the first state's previousEventId is 0, not ExecutionStarted's id.
    const thread: Thread = { prev: 0 };
    const definition = this.options.definition;
    const frame: Frame = { language: definition.QueryLanguage ?? "JSONPath", variables: {} };
    return this.finish(definition.StartAt, this.executionInput, frame, thread);
  }

  /** Continues a failed execution's history where it failed (see `redriveFrom`). */
  private async redrive(prior: readonly AslHistoryEvent[]): Promise<ExecutionResult> {
    const definition = this.options.definition;
    const plan = planRedrive(definition, prior);
    for (const event of prior) this.recorder.events.push(event);
    const started = prior[0]?.["executionStartedEventDetails"];
    const inputText = typeof started?.["input"] === "string" ? started["input"] : "{}";
    this.executionInput = JSON.parse(inputText) as Json;
    this.startIso = prior[0]?.timestamp ?? isoAt(this.options.clock.now());
    this.redriveCount = prior.filter((e) => e.type === "ExecutionRedriven").length + 1;
    const lastId = prior.at(-1)?.id ?? 0;
    const thread: Thread = {
      prev: this.recorder.add("ExecutionRedriven", lastId, { redriveCount: this.redriveCount }),
    };
    const frame: Frame = { language: definition.QueryLanguage ?? "JSONPath", variables: { ...plan.variables } };
    return this.finish(plan.startAt, plan.input, frame, thread, plan.container);
  }

  private async finish(
    startAt: string,
    input: Json,
    frame: Frame,
    thread: Thread,
    redrive?: ContainerRedrive,
  ): Promise<ExecutionResult> {
    const definition = this.options.definition;
    // A redriven execution gets its whole TimeoutSeconds again from the redrive.
    if (typeof definition.TimeoutSeconds === "number")
      this.deadline = this.options.clock.now() + definition.TimeoutSeconds * 1000;
    else if (this.options.maxDurationMs !== undefined)
      this.deadline = this.options.clock.now() + this.options.maxDurationMs;
    let outcome: Outcome;
    try {
      outcome = await this.runMachine(definition, input, frame, thread, startAt, redrive);
    } catch (err) {
      if (!(err instanceof ExecutionAbort)) throw err;
      if (err.reason === "timeout") {
        this.recorder.add("ExecutionTimedOut", err.prev, { error: "States.Timeout" });
        return { status: "TIMED_OUT", error: "States.Timeout", events: this.recorder.events, ...this.identity() };
      }
      if (err.reason === "history") {
        // AWS documents the failure (ExecutionFailed as event 25,000) but not its error name; States.Runtime is its error for what the service stops.
        const cause = `The execution reached the maximum number of events in its history (${this.options.maxEvents ?? 0})`;
        this.recorder.add("ExecutionFailed", err.prev, errorDetails("States.Runtime", cause));
        return { status: "FAILED", error: "States.Runtime", cause, events: this.recorder.events, ...this.identity() };
      }
      this.recorder.add("ExecutionAborted", err.prev, {});
      return { status: "ABORTED", events: this.recorder.events, ...this.identity() };
    }
    const events = this.recorder.events;
    if (outcome.kind === "succeeded") {
      const output = JSON.stringify(outcome.output);
      this.recorder.add("ExecutionSucceeded", thread.prev, { output, outputDetails: NOT_TRUNCATED });
      return { status: "SUCCEEDED", output, events, ...this.identity() };
    }
    this.recorder.add("ExecutionFailed", thread.prev, errorDetails(outcome.error, outcome.cause));
    return {
      status: "FAILED",
      error: outcome.error,
      ...(outcome.cause === undefined ? {} : { cause: outcome.cause }),
      events,
      ...this.identity(),
    };
  }

  private identity(): { transitions: number; executionArn: string; stateMachineArn: string; roleArn: string } {
    return {
      transitions: this.transitions,
      executionArn: this.executionArn,
      stateMachineArn: this.stateMachineArn,
      roleArn: this.roleArn,
    };
  }

  context(stateName: string, enteredIso: string, retryCount: number, frame: Frame, taskToken?: string): JsonObject {
    const context: JsonObject = {
      Execution: {
        Id: this.executionArn,
        Input: this.executionInput,
        StartTime: this.startIso,
        Name: this.options.executionName,
        RoleArn: this.roleArn,
      },
      StateMachine: { Id: this.stateMachineArn, Name: this.options.stateMachineName },
      State: { Name: stateName, EnteredTime: enteredIso },
    };
    // Only retriable states carry `RetryCount` in `$$.State`.
    if (frame.retriable === true) (context["State"] as JsonObject)["RetryCount"] = retryCount;
    if (this.behaviour.redriveCountInContext) (context["Execution"] as JsonObject)["RedriveCount"] = this.redriveCount;
    if (taskToken !== undefined) context["Task"] = { Token: taskToken };
    if (frame.mapItem !== undefined)
      context["Map"] = { Item: { Index: frame.mapItem.Index, Value: frame.mapItem.Value } };
    return context;
  }

  /**
   * Runs states from `startAt` until one ends the machine. Synchronous while states finish
   * synchronously (JSONPath Pass/Choice/…), so a Map of 10,000 such items allocates no
   * promises; it turns asynchronous at the first state that awaits.
   */
  runMachine(
    machine: StateMachineDefinition,
    input: Json,
    outer: Frame,
    thread: Thread,
    startAt = machine.StartAt,
    redrive?: ContainerRedrive,
  ): Outcome | Promise<Outcome> {
    const frame: Frame =
      machine.QueryLanguage === undefined || machine.QueryLanguage === outer.language
        ? outer
        : { ...outer, language: machine.QueryLanguage };
    let name: string | null = startAt;
    let current = input;
    // A redrive's plan for the Parallel/Map it re-enters applies to the first state only.
    let plan = redrive;
    while (name !== null) {
      const state = machine.States[name];
      if (state === undefined)
        return { kind: "failed", error: "States.Runtime", cause: `The state '${name}' does not exist` };
      const pending = this.runState(name, state, current, frame, thread, plan);
      plan = undefined;
      if (pending instanceof Promise) return pending.then((step) => this.continueMachine(machine, frame, thread, step));
      if (pending.kind === "failed") return pending;
      if (pending.kind === "end") return { kind: "succeeded", output: pending.output };
      current = pending.output;
      name = pending.next;
    }
    return { kind: "succeeded", output: current };
  }

  /** The rest of {@link runMachine} after a state that awaited. */
  private continueMachine(
    machine: StateMachineDefinition,
    frame: Frame,
    thread: Thread,
    step: StepResult,
  ): Outcome | Promise<Outcome> {
    if (step.kind === "failed") return step;
    if (step.kind === "end") return { kind: "succeeded", output: step.output };
    return this.runMachine(machine, step.output, frame, thread, step.next);
  }

  private runState(
    name: string,
    state: JsonObject,
    input: Json,
    frame: Frame,
    thread: Thread,
    redrive?: ContainerRedrive,
  ): StepResult | Promise<StepResult> {
    const type = String(state["Type"]);
    const language: QueryLanguage =
      state["QueryLanguage"] === "JSONata"
        ? "JSONata"
        : state["QueryLanguage"] === "JSONPath"
          ? "JSONPath"
          : frame.language;
    const retriable = type === "Task" || type === "Parallel" || type === "Map";
    const stateFrame: Frame = language === frame.language && !retriable ? frame : { ...frame, language, retriable };
    this.transitions++;
    if (this.transitions > (this.options.maxTransitions ?? Number.POSITIVE_INFINITY)) {
      return {
        kind: "failed",
        error: "States.Runtime",
        cause: `The execution exceeded ${this.options.maxTransitions} state transitions`,
      };
    }
    this.checkAborted(thread);
    const enteredPrev = thread.prev;
    const enteredId = this.recorder.add(eventType(type, "StateEntered"), thread.prev, {
      input: this.payloadText(input),
      inputDetails: NOT_TRUNCATED,
      name,
    });
    thread.prev = enteredId;
    const enteredIso = isoAt(this.options.clock.now());
    const ctx: StateCtx = { name, state, input, frame: stateFrame, thread, enteredId, enteredIso, type, redrive };
    let pending: StateOutcome | Promise<StateOutcome>;
    try {
      pending = dispatchState(this, ctx);
    } catch (err) {
      return this.settle(ctx, enteredPrev, this.thrownOutcome(err, type));
    }
    if (pending instanceof Promise) {
      return pending.then(
        (result) => this.settle(ctx, enteredPrev, result),
        (err: unknown) => this.settle(ctx, enteredPrev, this.thrownOutcome(err, type)),
      );
    }
    return this.settle(ctx, enteredPrev, pending);
  }

  /** A state's thrown ASL error as an outcome; a stop records `*StateAborted` and keeps unwinding. */
  private thrownOutcome(err: unknown, type: string): StateOutcome {
    if (err instanceof ExecutionAbort) {
      if (err.reason === "stop" && ABORTABLE.has(type)) err.prev = this.recorder.add(`${type}StateAborted`, err.prev);
      throw err;
    }
    if (!(err instanceof StatesError)) throw err;
    return {
      kind: "error",
      error: err.error,
      cause: err.cause,
      location: err instanceof Failure ? err.location : undefined,
      evaluation: true,
    };
  }

  /** Records how a state ended (`*StateExited`, `EvaluationFailed`) and applies `Catch`. */
  private settle(ctx: StateCtx, enteredPrev: number, outcome: StateOutcome): StepResult | Promise<StepResult> {
    const { name, type, thread, enteredId } = ctx;
    let result = outcome;
    if (result.kind === "ok" && exceedsPayloadLimit(this.payloadText(result.output))) {
      result = {
        kind: "error",
        error: "States.DataLimitExceeded",
        cause: `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      };
    }
    if (result.kind === "ok") {
      recordStateExited(this.recorder, ctx, this.payloadText(result.output), result.assigned);
      return result.next === null
        ? { kind: "end", output: result.output }
        : { kind: "next", next: result.next, output: result.output };
    }
    if (result.evaluation === true) {
      const cause = `An error occurred while executing the state '${name}' (entered at the event id #${enteredId}). ${result.cause ?? ""}`;
      if (result.error === "States.QueryEvaluationError") {
        const details: Record<string, unknown> = { cause, error: result.error };
        if (result.location !== undefined) details["location"] = result.location;
        details["state"] = name;
        // AWS gives EvaluationFailed the previousEventId of the state's Entered event.
        thread.prev = this.recorder.add("EvaluationFailed", enteredPrev, details);
        if (type === "Map" || type === "Parallel") thread.prev = this.recorder.add(`${type}StateFailed`, thread.prev);
      }
      result = { ...result, cause };
    }
    return applyCatch(this, ctx, result.error, result.cause);
  }

  /** Throws {@link ExecutionAbort} once the stop signal is set or the execution's deadline has passed. */
  checkAborted(thread: Thread): void {
    if (this.options.signal?.aborted === true) throw new ExecutionAbort(thread.prev);
    if (this.deadline !== undefined && this.options.clock.now() > this.deadline)
      throw new ExecutionAbort(thread.prev, "timeout");
  }

  /** Waits `ms` on the clock; the execution times out instead when its deadline comes first. */
  async sleep(ms: number, thread: Thread): Promise<void> {
    const clock = this.options.clock;
    if (this.deadline !== undefined && clock.now() + ms > this.deadline) {
      await clock.sleep(Math.max(0, this.deadline - clock.now()));
      throw new ExecutionAbort(thread.prev, "timeout");
    }
    await clock.sleep(ms);
  }

  /** One Task invocation within its limits and the execution's deadline (see {@link raceTaskLimits}). */
  invokeWithinLimits(
    invoke: (heartbeat: () => void, abandoned: AbortSignal) => Promise<TaskOutcome | null>,
    limits: readonly TaskLimit[],
    thread: Thread,
  ): Promise<TaskOutcome | null> {
    return raceTaskLimits(this.options.clock, this.deadline, invoke, limits, thread);
  }

  /** The context object is built only when a path reads `$$` (most states never do). */
  scope(
    input: Json,
    name: string,
    enteredIso: string,
    retryCount: number,
    frame: Frame,
    taskToken?: string,
  ): PathScope {
    return new LazyContextScope(input, frame.variables, () =>
      this.context(name, enteredIso, retryCount, frame, taskToken),
    );
  }
}
