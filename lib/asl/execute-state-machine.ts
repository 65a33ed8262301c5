import { awsBehaviourAsOf, type AwsBehaviour } from "./aws-behaviour";
import type { Clock } from "./clock";
import { decideRetry, findCatcher } from "./decide-retry";
import { HistoryRecorder, isoAt } from "./history-recorder";
import type { PathScope, RandomPort } from "./intrinsics";
import { evaluateJsonataTemplate, JsonataFieldError, type JsonataStates } from "./jsonata-eval";
import { writePath } from "./json-path";
import { evaluatePayloadTemplate } from "./payload-template";
import { planRedrive, type ContainerRedrive } from "./redrive-plan";
import { StatesError } from "./states-error";
import { executionIdentity } from "./stopped-execution";
import type { TaskInvoker, TaskOutcome } from "./task-invoker";
import { isJsonObject, type AslHistoryEvent, type Json, type JsonObject, type QueryLanguage, type StateMachineDefinition } from "./types";
import { ABORTABLE, errorDetails, ExecutionAbort, exceedsPayloadLimit, Failure, isTimeout, LIMIT_REACHED, NOT_TRUNCATED, ok, readIoPath, type Frame, type Outcome, type StateCtx, type StateOutcome, type StepResult, type TaskLimit, type Thread, type Vars } from "./states/state-types";
import { runChoice } from "./states/run-choice";
import { runFail } from "./states/run-fail";
import { runMap } from "./states/run-map";
import { runParallel } from "./states/run-parallel";
import { runPass } from "./states/run-pass";
import { runSucceed } from "./states/run-succeed";
import { runTaskAttempt } from "./states/run-task";
import { runWait } from "./states/run-wait";

/** Everything one execution needs: the definition, its input, names for ARNs, and the ports. */
export interface ExecutionOptions {
  readonly definition: StateMachineDefinition;
  /** The execution input as JSON text (`input_string`); default `{}`. */
  readonly input?: string;
  /** `StateMachine.Name` in ARNs and the context object. */
  readonly stateMachineName: string;
  /** `Execution.Name`. */
  readonly executionName: string;
  /** `roleArn` of `ExecutionStarted`; default `arn:aws:iam::<account>:role/stepscope-local`. */
  readonly roleArn?: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `111111111111`. */
  readonly accountId?: string;
  readonly clock: Clock;
  readonly invoker: TaskInvoker;
  readonly random: RandomPort;
  /**
   * Stop: when `aborted` turns true (an `AbortSignal` fits), the execution ends at the next
   * state boundary, Task answer or Wait: the running Task/Wait/Parallel/Map records its
   * `*StateAborted` (Map iterations `MapIterationAborted`), then `ExecutionAborted`.
   */
  readonly signal?: { readonly aborted: boolean };
  /**
   * Redrive: the failed (timed-out, aborted) execution's history. The run continues that history
   * (ids go on) with `ExecutionRedriven`, re-entering the state that never exited with the input
   * it was entered with and the variables assigned before it; states that succeeded are not
   * re-run and retry counts start again. In a re-entered Parallel or inline Map only the
   * branches and iterations that did not succeed run again, each from its own unfinished state;
   * the others keep their recorded output (see `planRedrive`). A Distributed Map's Map Run
   * re-runs whole (its child executions' histories are not in the parent's).
   */
  readonly redriveFrom?: readonly AslHistoryEvent[];
  /**
   * The day (`YYYY-MM-DD`) whose AWS behaviour to follow where AWS changed over time (see
   * `awsBehaviourAsOf`), to reproduce an older history; default today's.
   */
  readonly awsBehaviourAsOf?: string;
  /** Stops a runaway execution: past this many state transitions it fails with `States.Runtime`. Default unlimited. */
  readonly maxTransitions?: number;
  /**
   * AWS's history quota (25,000 for a Standard workflow): when the history holds this many
   * events less one and the next is not `ExecutionSucceeded`, the execution fails with
   * `ExecutionFailed` as its last event. Default unlimited.
   */
  readonly maxEvents?: number;
  /**
   * AWS's maximum execution time (one year for a Standard workflow), in ms of the execution's
   * clock: without a `TimeoutSeconds` the execution times out (`States.Timeout`) past it. Default unlimited.
   */
  readonly maxDurationMs?: number;
}

/** An execution's end: its status, output or error, and the complete AWS-format history. */
export interface ExecutionResult {
  readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly events: readonly AslHistoryEvent[];
  /** State transitions (states entered), as AWS bills them. */
  readonly transitions: number;
  /** `arn:aws:states:<region>:<account>:execution:<stateMachineName>:<executionName>`. */
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly roleArn: string;
}

/**
 * Runs a state machine to its end on the given ports and returns its AWS history
 * (`ExecutionStarted` … `ExecutionSucceeded`/`ExecutionFailed`). Branches of a `Parallel`
 * and iterations of a `Map` run one after another, so histories are deterministic.
 */
export async function executeStateMachine(options: ExecutionOptions): Promise<ExecutionResult> {
  const run = new Execution(options);
  return run.start();
}

/** One execution: the core that runs states (see `states/run-*.ts`) and records the history. Internal to lib/asl. */
export class Execution {
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
      maxEvents === undefined ? undefined : { maxEvents, onFull: (prev) => { throw new ExecutionAbort(prev, "history"); } },
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
    const thread: Thread = { prev: this.recorder.add("ExecutionRedriven", lastId, { redriveCount: this.redriveCount }) };
    const frame: Frame = { language: definition.QueryLanguage ?? "JSONPath", variables: { ...plan.variables } };
    return this.finish(plan.startAt, plan.input, frame, thread, plan.container);
  }

  private async finish(startAt: string, input: Json, frame: Frame, thread: Thread, redrive?: ContainerRedrive): Promise<ExecutionResult> {
    const definition = this.options.definition;
    // A redriven execution gets its whole TimeoutSeconds again from the redrive.
    if (typeof definition.TimeoutSeconds === "number") this.deadline = this.options.clock.now() + definition.TimeoutSeconds * 1000;
    else if (this.options.maxDurationMs !== undefined) this.deadline = this.options.clock.now() + this.options.maxDurationMs;
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
    return { status: "FAILED", error: outcome.error, ...(outcome.cause === undefined ? {} : { cause: outcome.cause }), events, ...this.identity() };
  }

  private identity(): { transitions: number; executionArn: string; stateMachineArn: string; roleArn: string } {
    return { transitions: this.transitions, executionArn: this.executionArn, stateMachineArn: this.stateMachineArn, roleArn: this.roleArn };
  }

  context(stateName: string, enteredIso: string, retryCount: number, frame: Frame, taskToken?: string): JsonObject {
    const context: JsonObject = {
      Execution: { Id: this.executionArn, Input: this.executionInput, StartTime: this.startIso, Name: this.options.executionName, RoleArn: this.roleArn },
      StateMachine: { Id: this.stateMachineArn, Name: this.options.stateMachineName },
      State: { Name: stateName, EnteredTime: enteredIso },
    };
    // Only retriable states carry `RetryCount` in `$$.State`.
    if (frame.retriable === true) (context["State"] as JsonObject)["RetryCount"] = retryCount;
    if (this.behaviour.redriveCountInContext) (context["Execution"] as JsonObject)["RedriveCount"] = this.redriveCount;
    if (taskToken !== undefined) context["Task"] = { Token: taskToken };
    if (frame.mapItem !== undefined) context["Map"] = { Item: { Index: frame.mapItem.Index, Value: frame.mapItem.Value } };
    return context;
  }

  /**
   * Runs states from `startAt` until one ends the machine. Synchronous while states finish
   * synchronously (JSONPath Pass/Choice/…), so a Map of 10,000 such items allocates no
   * promises; it turns asynchronous at the first state that awaits.
   */
  runMachine(machine: StateMachineDefinition, input: Json, outer: Frame, thread: Thread, startAt = machine.StartAt, redrive?: ContainerRedrive): Outcome | Promise<Outcome> {
    const frame: Frame = machine.QueryLanguage === undefined || machine.QueryLanguage === outer.language ? outer : { ...outer, language: machine.QueryLanguage };
    let name: string | null = startAt;
    let current = input;
    // A redrive's plan for the Parallel/Map it re-enters applies to the first state only.
    let plan = redrive;
    while (name !== null) {
      const state = machine.States[name];
      if (state === undefined) return { kind: "failed", error: "States.Runtime", cause: `The state '${name}' does not exist` };
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
  private continueMachine(machine: StateMachineDefinition, frame: Frame, thread: Thread, step: StepResult): Outcome | Promise<Outcome> {
    if (step.kind === "failed") return step;
    if (step.kind === "end") return { kind: "succeeded", output: step.output };
    return this.runMachine(machine, step.output, frame, thread, step.next);
  }

  private runState(name: string, state: JsonObject, input: Json, frame: Frame, thread: Thread, redrive?: ContainerRedrive): StepResult | Promise<StepResult> {
    const type = String(state["Type"]);
    const language: QueryLanguage = state["QueryLanguage"] === "JSONata" ? "JSONata" : state["QueryLanguage"] === "JSONPath" ? "JSONPath" : frame.language;
    const retriable = type === "Task" || type === "Parallel" || type === "Map";
    const stateFrame: Frame = language === frame.language && !retriable ? frame : { ...frame, language, retriable };
    this.transitions++;
    if (this.transitions > (this.options.maxTransitions ?? Number.POSITIVE_INFINITY)) {
      return { kind: "failed", error: "States.Runtime", cause: `The execution exceeded ${this.options.maxTransitions} state transitions` };
    }
    this.checkAborted(thread);
    const enteredPrev = thread.prev;
    const enteredId = this.recorder.add(eventType(type, "StateEntered"), thread.prev, { input: this.payloadText(input), inputDetails: NOT_TRUNCATED, name });
    thread.prev = enteredId;
    const enteredIso = isoAt(this.options.clock.now());
    const ctx: StateCtx = { name, state, input, frame: stateFrame, thread, enteredId, enteredIso, type, redrive };
    let pending: StateOutcome | Promise<StateOutcome>;
    try {
      pending = this.dispatch(ctx);
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
    return { kind: "error", error: err.error, cause: err.cause, location: err instanceof Failure ? err.location : undefined, evaluation: true };
  }

  /** Records how a state ended (`*StateExited`, `EvaluationFailed`) and applies `Catch`. */
  private settle(ctx: StateCtx, enteredPrev: number, outcome: StateOutcome): StepResult | Promise<StepResult> {
    const { name, type, thread, enteredId } = ctx;
    const stateFrame = ctx.frame;
    let result = outcome;
    if (result.kind === "ok" && exceedsPayloadLimit(this.payloadText(result.output))) {
      result = { kind: "error", error: "States.DataLimitExceeded", cause: `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.` };
    }
    if (result.kind === "ok") {
      const details: Record<string, unknown> = { name };
      if (result.assigned !== undefined && Object.keys(result.assigned).length > 0) {
        details["assignedVariables"] = Object.fromEntries(Object.entries(result.assigned).map(([k, v]) => [k, JSON.stringify(v)]));
        details["assignedVariablesDetails"] = NOT_TRUNCATED;
        Object.assign(stateFrame.variables, result.assigned);
      }
      details["output"] = this.payloadText(result.output);
      details["outputDetails"] = NOT_TRUNCATED;
      thread.prev = this.recorder.add(eventType(type, "StateExited"), thread.prev, details);
      return result.next === null ? { kind: "end", output: result.output } : { kind: "next", next: result.next, output: result.output };
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
    const catcher = findCatcher(ctx.state["Catch"], result.error);
    if (catcher === undefined || typeof catcher["Next"] !== "string") return { kind: "failed", error: result.error, cause: result.cause, stateType: type };
    const errorOutput: JsonObject = { Error: result.error, Cause: result.cause ?? null };
    // A timed-out Task carries an empty Cause; other failures without one carry none.
    if (result.cause === undefined && isTimeout(result.error)) errorOutput["Cause"] = "";
    else if (result.cause === undefined) delete errorOutput["Cause"];
    const { input, enteredIso } = ctx;
    if (stateFrame.language === "JSONata") {
      const states: JsonataStates = { input, context: this.context(name, enteredIso, 0, stateFrame), errorOutput };
      return (async () => {
        const output = catcher["Output"] === undefined ? errorOutput : await evaluateJsonataTemplate(catcher["Output"], states, stateFrame.variables, this.options.random, "Output");
        const assigned = isJsonObject(catcher["Assign"]) ? await this.assignJsonata(catcher["Assign"], states, stateFrame) : undefined;
        return this.exitCaught(ctx, catcher, output, assigned);
      })();
    }
    const resultPath = catcher["ResultPath"];
    const output = resultPath === null ? input : writePath(typeof resultPath === "string" ? resultPath : "$", input, errorOutput);
    const assigned = isJsonObject(catcher["Assign"])
      ? (evaluatePayloadTemplate(catcher["Assign"], this.scope(errorOutput, name, enteredIso, 0, stateFrame), this.options.random) as Vars)
      : undefined;
    return this.exitCaught(ctx, catcher, output, assigned);
  }

  /** `*StateExited` of a caught failure, then on to the catcher's `Next`. */
  private exitCaught(ctx: StateCtx, catcher: JsonObject, output: Json, assigned: Vars | undefined): StepResult {
    const { name, type, thread } = ctx;
    const stateFrame = ctx.frame;
    const details: Record<string, unknown> = { name };
    if (assigned !== undefined && Object.keys(assigned).length > 0) {
      details["assignedVariables"] = Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, JSON.stringify(v)]));
      details["assignedVariablesDetails"] = NOT_TRUNCATED;
      Object.assign(stateFrame.variables, assigned);
    }
    details["output"] = JSON.stringify(output);
    details["outputDetails"] = NOT_TRUNCATED;
    thread.prev = this.recorder.add(eventType(type, "StateExited"), thread.prev, details);
    return { kind: "next", next: String(catcher["Next"]), output };
  }

  /** Throws {@link ExecutionAbort} once the stop signal is set or the execution's deadline has passed. */
  checkAborted(thread: Thread): void {
    if (this.options.signal?.aborted === true) throw new ExecutionAbort(thread.prev);
    if (this.deadline !== undefined && this.options.clock.now() > this.deadline) throw new ExecutionAbort(thread.prev, "timeout");
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

  /**
   * Runs one Task invocation within its limits: `TimeoutSeconds`, `HeartbeatSeconds` (activities
   * and callbacks, whose workers here send no heartbeats) and what is left of the execution's
   * `TimeoutSeconds`. The work lasts the invoker's `durationMs` (a mock's `Delay`) and, on a
   * real-time clock, the invocation's own time, raced against the nearest limit. A Task limit
   * gives a failure outcome (`States.Timeout`, `States.HeartbeatTimeout`); the execution's
   * limit times the execution out.
   */
  async invokeWithinLimits(invoke: () => Promise<TaskOutcome | null>, limits: readonly TaskLimit[], thread: Thread): Promise<TaskOutcome | null> {
    const clock = this.options.clock;
    const start = clock.now();
    const all = this.deadline === undefined ? limits : [...limits, { ms: this.deadline - start, error: "execution" as const }];
    const limit = all.reduce<TaskLimit | undefined>((nearest, l) => (nearest === undefined || l.ms < nearest.ms ? l : nearest), undefined);
    let outcome: TaskOutcome | null;
    if (limit !== undefined && clock.realTime === true) {
      const timer = new AbortController();
      const raced = await Promise.race([invoke(), clock.sleep(Math.max(0, limit.ms), timer.signal).then((): typeof LIMIT_REACHED => LIMIT_REACHED)]);
      timer.abort();
      if (raced === LIMIT_REACHED) return this.limitReached(limit, thread);
      outcome = raced;
    } else {
      outcome = await invoke();
    }
    if (outcome === null) return null;
    const duration = outcome.durationMs ?? 0;
    const elapsed = clock.now() - start;
    if (limit !== undefined && elapsed + duration > limit.ms) {
      await clock.sleep(Math.max(0, limit.ms - elapsed));
      return this.limitReached(limit, thread);
    }
    if (duration > 0) await clock.sleep(duration);
    return outcome;
  }

  private limitReached(limit: TaskLimit, thread: Thread): TaskOutcome {
    if (limit.error === "execution") throw new ExecutionAbort(thread.prev, "timeout");
    return { type: "failure", error: limit.error };
  }

  /** The context object is built only when a path reads `$$` (most states never do). */
  scope(input: Json, name: string, enteredIso: string, retryCount: number, frame: Frame, taskToken?: string): PathScope {
    return new LazyContextScope(input, frame.variables, () => this.context(name, enteredIso, retryCount, frame, taskToken));
  }

  private async assignJsonata(assign: JsonObject, states: JsonataStates, frame: Frame): Promise<Vars> {
    const out: Vars = {};
    for (const [key, value] of Object.entries(assign)) out[key] = await evaluateJsonataTemplate(value, states, frame.variables, this.options.random, `Assign/${key}`);
    return out;
  }

  private dispatch(ctx: StateCtx): StateOutcome | Promise<StateOutcome> {
    switch (ctx.type) {
      case "Pass":
        return runPass(this, ctx);
      case "Succeed":
        return runSucceed(this, ctx);
      case "Fail":
        return runFail(this, ctx);
      case "Choice":
        return runChoice(this, ctx);
      case "Wait":
        return runWait(this, ctx);
      case "Task":
        return this.withRetry(ctx, (retryCount) => runTaskAttempt(this, ctx, retryCount));
      case "Parallel":
        return this.withRetry(ctx, () => runParallel(this, ctx));
      case "Map":
        return this.withRetry(ctx, () => runMap(this, ctx));
      default:
        throw new StatesError("States.Runtime", `Unknown state type '${ctx.type}'`);
    }
  }

  nextOf(state: JsonObject): string | null {
    return typeof state["Next"] === "string" ? state["Next"] : null;
  }

  /** JSONPath `InputPath`: `null` gives `{}`; default `$`. */
  processInputPath(ctx: StateCtx): Json {
    const path = ctx.state["InputPath"];
    if (path === null) return {};
    if (typeof path !== "string" || path === "$") return ctx.input;
    return readIoPath(path, this.scope(ctx.input, ctx.name, ctx.enteredIso, 0, ctx.frame));
  }

  /** JSONPath `ResultPath` then `OutputPath`. */
  processOutput(ctx: StateCtx, result: Json): Json {
    const resultPath = ctx.state["ResultPath"];
    const merged = resultPath === null ? ctx.input : writePath(typeof resultPath === "string" ? resultPath : "$", ctx.input, result);
    return this.outputPathOnly(ctx, merged);
  }

  jsonataStates(ctx: StateCtx, extra: { result?: Json; errorOutput?: Json } = {}, retryCount = 0): JsonataStates {
    return { input: ctx.input, context: this.context(ctx.name, ctx.enteredIso, retryCount, ctx.frame), ...extra };
  }

  /** JSONata `Output` (default: `result` when given, else the input) and `Assign`, both seeing the variables before the state. */
  async finishJsonata(ctx: StateCtx, states: JsonataStates, defaultOutput: Json, next: string | null): Promise<StateOutcome> {
    const output = ctx.state["Output"] === undefined ? defaultOutput : await this.jsonataField(ctx.state["Output"], states, ctx.frame, "Output");
    const assign = ctx.state["Assign"];
    const assigned = isJsonObject(assign) ? await this.assignJsonataAt(assign, states, ctx.frame) : undefined;
    return ok(output, next, assigned);
  }

  async jsonataField(template: Json, states: JsonataStates, frame: Frame, field: string): Promise<Json> {
    try {
      return await evaluateJsonataTemplate(template, states, frame.variables, this.options.random, field);
    } catch (err) {
      if (err instanceof JsonataFieldError) throw new Failure(err.error, err.cause, err.field);
      if (err instanceof StatesError) throw new Failure(err.error, err.cause, field);
      throw err;
    }
  }

  async assignJsonataAt(assign: JsonObject, states: JsonataStates, frame: Frame): Promise<Vars> {
    const out: Vars = {};
    for (const [key, value] of Object.entries(assign)) out[key] = await this.jsonataField(value, states, frame, `Assign/${key}`);
    return out;
  }

  assignJsonPath(ctx: StateCtx, value: Json, retryCount = 0): Vars | undefined {
    const assign = ctx.state["Assign"];
    if (!isJsonObject(assign)) return undefined;
    return evaluatePayloadTemplate(assign, this.scope(value, ctx.name, ctx.enteredIso, retryCount, ctx.frame), this.options.random) as Vars;
  }

  outputPathOnly(ctx: StateCtx, value: Json): Json {
    const outputPath = ctx.state["OutputPath"];
    if (outputPath === null) return {};
    if (typeof outputPath !== "string" || outputPath === "$") return value;
    return readIoPath(outputPath, this.scope(value, ctx.name, ctx.enteredIso, 0, ctx.frame));
  }

  /** Runs attempts until one succeeds or `Retry` gives up; the retry count is `$$.State.RetryCount`. */
  private async withRetry(ctx: StateCtx, attempt: (retryCount: number) => Promise<StateOutcome>): Promise<StateOutcome> {
    const retriedBy: number[] = [];
    for (let retryCount = 0; ; retryCount++) {
      let outcome: StateOutcome;
      try {
        outcome = await attempt(retryCount);
      } catch (err) {
        if (!(err instanceof StatesError)) throw err;
        outcome = { kind: "error", error: err.error, cause: err.cause, location: err instanceof Failure ? err.location : undefined, evaluation: true };
      }
      if (outcome.kind === "ok") return outcome;
      const decision = decideRetry(ctx.state["Retry"], outcome.error, retriedBy, this.options.random.random);
      if (decision.outcome === "no-retry") {
        // Parallel and Map record their failure once, when no retry follows.
        if ((ctx.type === "Parallel" || ctx.type === "Map") && outcome.evaluation !== true) ctx.thread.prev = this.recorder.add(`${ctx.type}StateFailed`, ctx.thread.prev);
        return outcome;
      }
      retriedBy[decision.retrierIndex] = (retriedBy[decision.retrierIndex] ?? 0) + 1;
      await this.sleep(decision.delayMs, ctx.thread);
    }
  }

  /** `ResultSelector` → `ResultPath` → `OutputPath` (JSONPath) or `Output` with `$states.result` (JSONata), then `Assign`. */
  async finishWithResult(ctx: StateCtx, raw: Json, retryCount: number): Promise<StateOutcome> {
    const next = this.nextOf(ctx.state);
    if (ctx.frame.language === "JSONata") {
      return this.finishJsonata(ctx, this.jsonataStates(ctx, { result: raw }, retryCount), raw, next);
    }
    const selector = ctx.state["ResultSelector"];
    const result = selector === undefined ? raw : evaluatePayloadTemplate(selector, this.scope(raw, ctx.name, ctx.enteredIso, retryCount, ctx.frame), this.options.random);
    const assigned = this.assignJsonPath(ctx, result, retryCount);
    return ok(this.processOutput(ctx, result), next, assigned);
  }

  async effectiveInput(ctx: StateCtx, field: "Parameters" | "ItemSelector" = "Parameters"): Promise<Json> {
    if (ctx.frame.language === "JSONata") {
      const args = ctx.state["Arguments"];
      return args === undefined ? ctx.input : this.jsonataField(args, this.jsonataStates(ctx), ctx.frame, "Arguments");
    }
    const effective = this.processInputPath(ctx);
    const params = ctx.state[field];
    return params === undefined ? effective : evaluatePayloadTemplate(params, this.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame), this.options.random);
  }

}

const EVENT_TYPES = new Map<string, string>();

/** `PassStateEntered` etc., interned so the hot path does not build the same string per state. */
function eventType(stateType: string, suffix: "StateEntered" | "StateExited"): string {
  const key = stateType + suffix;
  let interned = EVENT_TYPES.get(key);
  if (interned === undefined) {
    interned = key;
    EVENT_TYPES.set(key, interned);
  }
  return interned;
}

/** A {@link PathScope} whose context object is built on first read of `$$`, then kept. */
class LazyContextScope implements PathScope {
  readonly input: Json;
  readonly variables: Readonly<Record<string, Json>>;
  private readonly build: () => Json;
  private built: Json | undefined;

  constructor(input: Json, variables: Readonly<Record<string, Json>>, build: () => Json) {
    this.input = input;
    this.variables = variables;
    this.build = build;
  }

  get context(): Json {
    this.built ??= this.build();
    return this.built;
  }
}
