import { awsBehaviourAsOf, type AwsBehaviour } from "./aws-behaviour";
import type { Clock } from "./clock";
import { decideRetry, findCatcher } from "./decide-retry";
import { evaluateChoiceRule } from "./evaluate-choice-rule";
import { HistoryRecorder, isoAt } from "./history-recorder";
import { csvItems } from "./parse-csv";
import type { PathScope, RandomPort } from "./intrinsics";
import { readScopedPath } from "./intrinsics";
import { evaluateJsonataTemplate, isJsonataExpression, JsonataFieldError, type JsonataStates } from "./jsonata-eval";
import { parseSimplePath, readPath, writePath } from "./json-path";
import { evaluatePayloadTemplate } from "./payload-template";
import { serviceParametersFault } from "./service-parameters";
import { planRedrive, type ContainerRedrive } from "./redrive-plan";
import { StatesError } from "./states-error";
import type { TaskInvoker, TaskOutcome } from "./task-invoker";
import { parseTaskResource } from "./task-resource";
import { taskSubmissionOutput } from "./task-submission";
import { isJsonObject, type AslHistoryEvent, type Json, type JsonObject, type QueryLanguage, type StateMachineDefinition } from "./types";

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

type Vars = Record<string, Json>;

/** A chain of events: the `previousEventId` the next event of this branch/iteration points at. */
interface Thread {
  prev: number;
}

type Outcome =
  | { readonly kind: "succeeded"; readonly output: Json }
  | { readonly kind: "failed"; readonly error: string; readonly cause: string | undefined; readonly stateType?: string };

interface Frame {
  readonly language: QueryLanguage;
  /** Set for the frame of a Task, Parallel or Map state (`$$.State.RetryCount` exists). */
  readonly retriable?: boolean;
  readonly variables: Vars;
  readonly mapItem?: { readonly Index: number; readonly Value: Json };
}

class Failure extends StatesError {
  /** Where the evaluation failed (`Arguments`, `Output`, …) for `EvaluationFailed.location`. */
  readonly location: string | undefined;
  constructor(error: string, cause: string | undefined, location?: string) {
    super(error, cause);
    this.location = location;
  }
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

class Execution {
  /** Where events go; swapped for a child recorder while a Distributed Map's child executions run. */
  private recorder: HistoryRecorder;
  private readonly options: ExecutionOptions;
  private readonly executionArn: string;
  private readonly stateMachineArn: string;
  private readonly roleArn: string;
  private readonly region: string;
  private transitions = 0;
  /** Epoch ms past which the execution times out (the definition's `TimeoutSeconds`), if it has one. */
  private deadline: number | undefined;
  private readonly behaviour: AwsBehaviour;
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
    this.recorder = new HistoryRecorder(() => options.clock.now());
    this.region = options.region ?? "us-east-1";
    this.behaviour = awsBehaviourAsOf(options.awsBehaviourAsOf);
    const account = options.accountId ?? "111111111111";
    this.stateMachineArn = `arn:aws:states:${this.region}:${account}:stateMachine:${options.stateMachineName}`;
    this.executionArn = `arn:aws:states:${this.region}:${account}:execution:${options.stateMachineName}:${options.executionName}`;
    this.roleArn = options.roleArn ?? `arn:aws:iam::${account}:role/stepscope-local`;
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
    let outcome: Outcome;
    try {
      outcome = await this.runMachine(definition, input, frame, thread, startAt, redrive);
    } catch (err) {
      if (!(err instanceof ExecutionAbort)) throw err;
      if (err.reason === "timeout") {
        this.recorder.add("ExecutionTimedOut", err.prev, { error: "States.Timeout" });
        return { status: "TIMED_OUT", error: "States.Timeout", events: this.recorder.events, ...this.identity() };
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

  private context(stateName: string, enteredIso: string, retryCount: number, frame: Frame, taskToken?: string): JsonObject {
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
  private runMachine(machine: StateMachineDefinition, input: Json, outer: Frame, thread: Thread, startAt = machine.StartAt, redrive?: ContainerRedrive): Outcome | Promise<Outcome> {
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
  private checkAborted(thread: Thread): void {
    if (this.options.signal?.aborted === true) throw new ExecutionAbort(thread.prev);
    if (this.deadline !== undefined && this.options.clock.now() > this.deadline) throw new ExecutionAbort(thread.prev, "timeout");
  }

  /** Waits `ms` on the clock; the execution times out instead when its deadline comes first. */
  private async sleep(ms: number, thread: Thread): Promise<void> {
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
  private async invokeWithinLimits(invoke: () => Promise<TaskOutcome | null>, limits: readonly TaskLimit[], thread: Thread): Promise<TaskOutcome | null> {
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
  private scope(input: Json, name: string, enteredIso: string, retryCount: number, frame: Frame, taskToken?: string): PathScope {
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
        return this.runPass(ctx);
      case "Succeed":
        return this.runSucceed(ctx);
      case "Fail":
        return this.runFail(ctx);
      case "Choice":
        return this.runChoice(ctx);
      case "Wait":
        return this.runWait(ctx);
      case "Task":
        return this.withRetry(ctx, (retryCount) => this.runTaskAttempt(ctx, retryCount));
      case "Parallel":
        return this.withRetry(ctx, () => this.runParallel(ctx));
      case "Map":
        return this.withRetry(ctx, () => this.runMap(ctx));
      default:
        throw new StatesError("States.Runtime", `Unknown state type '${ctx.type}'`);
    }
  }

  private nextOf(state: JsonObject): string | null {
    return typeof state["Next"] === "string" ? state["Next"] : null;
  }

  /** JSONPath `InputPath`: `null` gives `{}`; default `$`. */
  private processInputPath(ctx: StateCtx): Json {
    const path = ctx.state["InputPath"];
    if (path === null) return {};
    if (typeof path !== "string" || path === "$") return ctx.input;
    return readIoPath(path, this.scope(ctx.input, ctx.name, ctx.enteredIso, 0, ctx.frame));
  }

  /** JSONPath `ResultPath` then `OutputPath`. */
  private processOutput(ctx: StateCtx, result: Json): Json {
    const resultPath = ctx.state["ResultPath"];
    const merged = resultPath === null ? ctx.input : writePath(typeof resultPath === "string" ? resultPath : "$", ctx.input, result);
    return this.outputPathOnly(ctx, merged);
  }

  private jsonataStates(ctx: StateCtx, extra: { result?: Json; errorOutput?: Json } = {}, retryCount = 0): JsonataStates {
    return { input: ctx.input, context: this.context(ctx.name, ctx.enteredIso, retryCount, ctx.frame), ...extra };
  }

  /** JSONata `Output` (default: `result` when given, else the input) and `Assign`, both seeing the variables before the state. */
  private async finishJsonata(ctx: StateCtx, states: JsonataStates, defaultOutput: Json, next: string | null): Promise<StateOutcome> {
    const output = ctx.state["Output"] === undefined ? defaultOutput : await this.jsonataField(ctx.state["Output"], states, ctx.frame, "Output");
    const assign = ctx.state["Assign"];
    const assigned = isJsonObject(assign) ? await this.assignJsonataAt(assign, states, ctx.frame) : undefined;
    return ok(output, next, assigned);
  }

  private async jsonataField(template: Json, states: JsonataStates, frame: Frame, field: string): Promise<Json> {
    try {
      return await evaluateJsonataTemplate(template, states, frame.variables, this.options.random, field);
    } catch (err) {
      if (err instanceof JsonataFieldError) throw new Failure(err.error, err.cause, err.field);
      if (err instanceof StatesError) throw new Failure(err.error, err.cause, field);
      throw err;
    }
  }

  private async assignJsonataAt(assign: JsonObject, states: JsonataStates, frame: Frame): Promise<Vars> {
    const out: Vars = {};
    for (const [key, value] of Object.entries(assign)) out[key] = await this.jsonataField(value, states, frame, `Assign/${key}`);
    return out;
  }

  private assignJsonPath(ctx: StateCtx, value: Json, retryCount = 0): Vars | undefined {
    const assign = ctx.state["Assign"];
    if (!isJsonObject(assign)) return undefined;
    return evaluatePayloadTemplate(assign, this.scope(value, ctx.name, ctx.enteredIso, retryCount, ctx.frame), this.options.random) as Vars;
  }

  private runPass(ctx: StateCtx): StateOutcome | Promise<StateOutcome> {
    const next = this.nextOf(ctx.state);
    if (ctx.frame.language === "JSONata") return this.finishJsonata(ctx, this.jsonataStates(ctx), ctx.input, next);
    const effective = this.processInputPath(ctx);
    let result = effective;
    if (ctx.state["Parameters"] !== undefined) result = evaluatePayloadTemplate(ctx.state["Parameters"], this.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame), this.options.random);
    if (ctx.state["Result"] !== undefined) result = ctx.state["Result"];
    const assigned = this.assignJsonPath(ctx, result);
    return ok(this.processOutput(ctx, result), next, assigned);
  }

  private async runSucceed(ctx: StateCtx): Promise<StateOutcome> {
    if (ctx.frame.language === "JSONata") return this.finishJsonata(ctx, this.jsonataStates(ctx), ctx.input, null);
    const effective = this.processInputPath(ctx);
    return ok(this.outputPathOnly(ctx, effective), null, undefined);
  }

  private async runFail(ctx: StateCtx): Promise<StateOutcome> {
    const { state } = ctx;
    let error: Json | undefined = state["Error"];
    let cause: Json | undefined = state["Cause"];
    if (ctx.frame.language === "JSONata") {
      const states = this.jsonataStates(ctx);
      if (error !== undefined) error = await this.jsonataField(error, states, ctx.frame, "Error");
      if (cause !== undefined) cause = await this.jsonataField(cause, states, ctx.frame, "Cause");
    } else {
      const scope = this.scope(ctx.input, ctx.name, ctx.enteredIso, 0, ctx.frame);
      if (typeof state["ErrorPath"] === "string") error = evaluatePayloadTemplate({ "v.$": state["ErrorPath"] }, scope, this.options.random) as Json;
      if (typeof state["CausePath"] === "string") cause = evaluatePayloadTemplate({ "v.$": state["CausePath"] }, scope, this.options.random) as Json;
      if (isJsonObject(error)) error = error["v"];
      if (isJsonObject(cause)) cause = cause["v"];
    }
    return { kind: "error", error: typeof error === "string" ? error : error === undefined ? FAIL_NO_ERROR : JSON.stringify(error), cause: typeof cause === "string" ? cause : cause === undefined ? undefined : JSON.stringify(cause) };
  }

  private runChoice(ctx: StateCtx): StateOutcome | Promise<StateOutcome> {
    const choices = Array.isArray(ctx.state["Choices"]) ? ctx.state["Choices"] : [];
    if (ctx.frame.language === "JSONata") return this.runChoiceJsonata(ctx, choices);
    return this.runChoiceJsonPath(ctx, choices);
  }

  private async runChoiceJsonata(ctx: StateCtx, choices: readonly Json[]): Promise<StateOutcome> {
    {
      const states = this.jsonataStates(ctx);
      for (const [index, rule] of choices.entries()) {
        if (!isJsonObject(rule)) continue;
        const matched = await this.jsonataField(rule["Condition"] ?? false, states, ctx.frame, `Choices/${index}/Condition`);
        if (typeof matched !== "boolean") throw new Failure("States.QueryEvaluationError", `The JSONata expression for the field 'Condition' returned a non-boolean value.`);
        if (!matched) continue;
        const output = rule["Output"] === undefined ? ctx.input : await this.jsonataField(rule["Output"], states, ctx.frame, "Output");
        const assigned = isJsonObject(rule["Assign"]) ? await this.assignJsonataAt(rule["Assign"], states, ctx.frame) : undefined;
        return ok(output, String(rule["Next"]), assigned);
      }
      if (typeof ctx.state["Default"] !== "string") throw new StatesError("States.NoChoiceMatched", "No Matches!");
      return this.finishJsonata(ctx, states, ctx.input, ctx.state["Default"]);
    }
  }

  private runChoiceJsonPath(ctx: StateCtx, choices: readonly Json[]): StateOutcome {
    const effective = this.processInputPath(ctx);
    const scope = this.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame);
    for (const rule of choices) {
      if (!isJsonObject(rule) || !evaluateChoiceRule(rule, scope)) continue;
      const assigned = isJsonObject(rule["Assign"]) ? (evaluatePayloadTemplate(rule["Assign"], scope, this.options.random) as Vars) : undefined;
      return ok(this.outputPathOnly(ctx, effective), String(rule["Next"]), assigned);
    }
    if (typeof ctx.state["Default"] !== "string") throw new StatesError("States.NoChoiceMatched", "No Matches!");
    return ok(this.outputPathOnly(ctx, effective), ctx.state["Default"], this.assignJsonPath(ctx, effective));
  }

  private outputPathOnly(ctx: StateCtx, value: Json): Json {
    const outputPath = ctx.state["OutputPath"];
    if (outputPath === null) return {};
    if (typeof outputPath !== "string" || outputPath === "$") return value;
    return readIoPath(outputPath, this.scope(value, ctx.name, ctx.enteredIso, 0, ctx.frame));
  }

  private async runWait(ctx: StateCtx): Promise<StateOutcome> {
    const { state } = ctx;
    const next = this.nextOf(state);
    let seconds: Json | undefined = state["Seconds"];
    let timestamp: Json | undefined = state["Timestamp"];
    let effective = ctx.input;
    if (ctx.frame.language === "JSONata") {
      const states = this.jsonataStates(ctx);
      if (isJsonataExpression(seconds)) seconds = await this.jsonataField(seconds, states, ctx.frame, "Seconds");
      if (isJsonataExpression(timestamp)) timestamp = await this.jsonataField(timestamp, states, ctx.frame, "Timestamp");
    } else {
      effective = this.processInputPath(ctx);
      const scope = this.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame);
      const secondsPath = state["SecondsPath"];
      if (typeof secondsPath === "string") {
        seconds = readParameterPath(secondsPath, scope, "SecondsPath");
        if (typeof seconds !== "number" || !Number.isInteger(seconds)) throw new StatesError("States.Runtime", `The SecondsPath parameter cannot be parsed as a long value: ${secondsPath} == ${JSON.stringify(seconds)}`);
        if (seconds < 0) throw new StatesError("States.Runtime", `The SecondsPath parameter references a negative value: ${secondsPath} == ${seconds}`);
      }
      const timestampPath = state["TimestampPath"];
      if (typeof timestampPath === "string") {
        timestamp = readParameterPath(timestampPath, scope, "TimestampPath");
        if (typeof timestamp !== "string" || !ISO_OFFSET_DATE_TIME.test(timestamp)) {
          throw new StatesError("States.Runtime", `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${timestampPath} == ${typeof timestamp === "string" ? timestamp : JSON.stringify(timestamp)}`);
        }
      }
    }
    const now = this.options.clock.now();
    if (typeof seconds === "number") {
      if (seconds * 1000 > MAX_WAIT_MS) throw new StatesError("States.Runtime", "Wait state delay is too long.");
      await this.sleep(seconds * 1000, ctx.thread);
    }
    else if (typeof timestamp === "string") {
      const at = parseTimestamp(timestamp);
      if (Number.isNaN(at)) throw new StatesError("States.Runtime", `The Timestamp '${timestamp}' is not a valid ISO-8601 timestamp`);
      if (at - now > MAX_WAIT_MS) throw new StatesError("States.Runtime", "Wait state delay is too long.");
      await this.sleep(at - now, ctx.thread);
    } else if (seconds !== undefined || timestamp !== undefined) {
      throw new StatesError("States.Runtime", "The Wait state's Seconds or Timestamp is not valid");
    }
    this.checkAborted(ctx.thread);
    if (ctx.frame.language === "JSONata") return this.finishJsonata(ctx, this.jsonataStates(ctx), ctx.input, next);
    return ok(this.outputPathOnly(ctx, effective), next, this.assignJsonPath(ctx, effective));
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

  private async runTaskAttempt(ctx: StateCtx, retryCount: number): Promise<StateOutcome> {
    const { state, name } = ctx;
    const resourceText = String(state["Resource"] ?? "");
    const resource = parseTaskResource(resourceText);
    const jsonata = ctx.frame.language === "JSONata";
    let payload: Json;
    let effective = ctx.input;
    const taskToken = resource.kind === "service" && resource.pattern === "waitForTaskToken" ? `${this.options.executionName}-${ctx.enteredId}-token` : undefined;
    if (jsonata) {
      const states: JsonataStates = { input: ctx.input, context: this.context(name, ctx.enteredIso, retryCount, ctx.frame, taskToken) };
      payload = state["Arguments"] === undefined ? ctx.input : await this.jsonataField(state["Arguments"], states, ctx.frame, "Arguments");
    } else {
      effective = this.processInputPath(ctx);
      payload = state["Parameters"] === undefined ? effective : evaluatePayloadTemplate(state["Parameters"], this.scope(effective, name, ctx.enteredIso, retryCount, ctx.frame, taskToken), this.options.random);
    }
    const thread = ctx.thread;
    const add = (type: string, details?: Record<string, unknown>, atMs?: number): void => {
      thread.prev = this.recorder.add(type, thread.prev, details, atMs);
    };
    const timeout = await this.secondsField(ctx, "TimeoutSeconds", retryCount);
    const heartbeat = await this.secondsField(ctx, "HeartbeatSeconds", retryCount);
    const limits: TaskLimit[] = [];
    if (timeout !== undefined) limits.push({ ms: timeout * 1000, error: "States.Timeout" });
    // Heartbeats apply to activities and callbacks; AWS reports a callback's missed heartbeat as States.Timeout.
    if (heartbeat !== undefined && resource.kind === "activity") limits.push({ ms: heartbeat * 1000, error: "States.HeartbeatTimeout" });
    if (heartbeat !== undefined && resource.kind === "service" && resource.pattern === "waitForTaskToken") limits.push({ ms: heartbeat * 1000, error: "States.Timeout" });
    let outcome: TaskOutcome | null;
    if (resource.kind === "lambda" || resource.kind === "activity") {
      const prefix = resource.kind === "lambda" ? "LambdaFunction" : "Activity";
      const scheduled: Record<string, unknown> = { input: JSON.stringify(payload), inputDetails: NOT_TRUNCATED, resource: resource.arn };
      if (timeout !== undefined) scheduled["timeoutInSeconds"] = timeout;
      if (heartbeat !== undefined && resource.kind === "activity") scheduled["heartbeatInSeconds"] = heartbeat;
      const invoke = () => this.invokeWithinLimits(() => this.options.invoker.invoke({ stateName: name, resource: resourceText, payload, retryCount }), limits, thread);
      if (resource.kind === "activity") {
        // An activity no worker, mock or recording answers does not exist here: AWS fails before scheduling it.
        const scheduledAt = this.options.clock.now();
        outcome = await invoke();
        if (outcome === null) throw new StatesError("States.Runtime", `The activity ${resource.arn} does not exist.`);
        add("ActivityScheduled", scheduled, scheduledAt);
        this.checkAborted(thread);
        add("ActivityStarted", outcome.workerName === undefined ? {} : { workerName: outcome.workerName }, scheduledAt);
      } else {
        const scheduledAt = this.options.clock.now();
        add("LambdaFunctionScheduled", scheduled);
        outcome = (await invoke()) ?? unresolved(name, resourceText);
        this.checkAborted(thread);
        add("LambdaFunctionStarted", undefined, scheduledAt);
      }
      if (outcome.type === "success") add(`${prefix}Succeeded`, { output: JSON.stringify(outcome.output), outputDetails: NOT_TRUNCATED });
      else add(isTimeout(outcome.error) ? `${prefix}TimedOut` : `${prefix}Failed`, errorDetails(outcome.error, outcome.cause));
    } else {
      const base = { resourceType: resource.resourceType, resource: resource.resource };
      const fault = serviceParametersFault(resource.resourceType, resource.resource, payload);
      if (fault !== null) throw new StatesError("States.Runtime", `The Parameters '${JSON.stringify(payload)}' could not be used to start the Task: [${fault}]`);
      const scheduled: Record<string, unknown> = { ...base, region: this.region, parameters: JSON.stringify(payload) };
      const credentials = await this.credentialsRoleArn(ctx, retryCount);
      if (credentials !== undefined) scheduled["taskCredentials"] = { roleArn: credentials };
      if (timeout !== undefined) scheduled["timeoutInSeconds"] = timeout;
      if (heartbeat !== undefined) scheduled["heartbeatInSeconds"] = heartbeat;
      add("TaskScheduled", scheduled);
      add("TaskStarted", { ...base });
      outcome = await this.invokeWithinLimits(() => this.options.invoker.invoke({ stateName: name, resource: resourceText, payload, retryCount }), limits, thread);
      if (outcome === null) outcome = unresolved(name, resourceText);
      this.checkAborted(thread);
      if (resource.pattern !== "request-response") {
        const submitted = outcome.submitted ?? taskSubmissionOutput({ ...base, payload, outcome, uuid: this.options.random.uuid, nowIso: isoAt(this.options.clock.now()) });
        add("TaskSubmitted", { ...base, output: JSON.stringify(submitted), outputDetails: NOT_TRUNCATED });
      }
      if (outcome.type === "success" && exceedsPayloadLimit(JSON.stringify(outcome.output))) {
        outcome = { type: "failure", error: "States.DataLimitExceeded", cause: `The state/task '${resource.resourceType}' returned a result with a size exceeding the maximum number of bytes service limit.` };
      }
      if (outcome.type === "success") add("TaskSucceeded", { ...base, output: JSON.stringify(outcome.output), outputDetails: NOT_TRUNCATED });
      else add(isTimeout(outcome.error) ? "TaskTimedOut" : "TaskFailed", { ...base, ...errorDetails(outcome.error, outcome.cause) });
    }
    if (outcome.type === "failure") return { kind: "error", error: outcome.error, cause: outcome.cause };
    return this.finishWithResult(ctx, outcome.output, retryCount);
  }

  /** `Credentials.RoleArn` (literal, `RoleArn.$` path, or JSONata): recorded as `taskCredentials.roleArn`. */
  private async credentialsRoleArn(ctx: StateCtx, retryCount: number): Promise<string | undefined> {
    const credentials = ctx.state["Credentials"];
    if (!isJsonObject(credentials)) return undefined;
    const value = ctx.frame.language === "JSONata"
      ? await this.jsonataField(credentials, this.jsonataStates(ctx, {}, retryCount), ctx.frame, "Credentials")
      : evaluatePayloadTemplate(credentials, this.scope(ctx.input, ctx.name, ctx.enteredIso, retryCount, ctx.frame), this.options.random);
    const roleArn = isJsonObject(value) ? value["RoleArn"] : undefined;
    return typeof roleArn === "string" ? roleArn : undefined;
  }

  /** `TimeoutSeconds`/`HeartbeatSeconds` (a number, a JSONata expression) or their `*Path` (JSONPath). */
  private async secondsField(ctx: StateCtx, field: "TimeoutSeconds" | "HeartbeatSeconds", retryCount: number): Promise<number | undefined> {
    const value = ctx.state[field];
    if (typeof value === "number") return value;
    if (isJsonataExpression(value)) {
      const evaluated = await this.jsonataField(value, this.jsonataStates(ctx, {}, retryCount), ctx.frame, field);
      return typeof evaluated === "number" ? evaluated : undefined;
    }
    const path = ctx.state[`${field}Path`];
    if (typeof path === "string") {
      const evaluated = readScopedPath(path, this.scope(ctx.input, ctx.name, ctx.enteredIso, retryCount, ctx.frame), "States.Runtime");
      return typeof evaluated === "number" ? evaluated : undefined;
    }
    return undefined;
  }

  /** `ResultSelector` → `ResultPath` → `OutputPath` (JSONPath) or `Output` with `$states.result` (JSONata), then `Assign`. */
  private async finishWithResult(ctx: StateCtx, raw: Json, retryCount: number): Promise<StateOutcome> {
    const next = this.nextOf(ctx.state);
    if (ctx.frame.language === "JSONata") {
      return this.finishJsonata(ctx, this.jsonataStates(ctx, { result: raw }, retryCount), raw, next);
    }
    const selector = ctx.state["ResultSelector"];
    const result = selector === undefined ? raw : evaluatePayloadTemplate(selector, this.scope(raw, ctx.name, ctx.enteredIso, retryCount, ctx.frame), this.options.random);
    const assigned = this.assignJsonPath(ctx, result, retryCount);
    return ok(this.processOutput(ctx, result), next, assigned);
  }

  private async effectiveInput(ctx: StateCtx, field: "Parameters" | "ItemSelector" = "Parameters"): Promise<Json> {
    if (ctx.frame.language === "JSONata") {
      const args = ctx.state["Arguments"];
      return args === undefined ? ctx.input : this.jsonataField(args, this.jsonataStates(ctx), ctx.frame, "Arguments");
    }
    const effective = this.processInputPath(ctx);
    const params = ctx.state[field];
    return params === undefined ? effective : evaluatePayloadTemplate(params, this.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame), this.options.random);
  }

  private async runParallel(ctx: StateCtx): Promise<StateOutcome> {
    const input = await this.effectiveInput(ctx);
    const thread = ctx.thread;
    const startedId = this.recorder.add("ParallelStateStarted", thread.prev);
    thread.prev = startedId;
    const branches = Array.isArray(ctx.state["Branches"]) ? ctx.state["Branches"] : [];
    const outputs: Json[] = [];
    const redrive = ctx.redrive;
    ctx.redrive = undefined;
    for (const [index, branch] of branches.entries()) {
      const branchThread: Thread = { prev: startedId };
      // Redriven: a branch that succeeded keeps its output; a failed one goes on from where it failed.
      const plan = redrive?.children.get(index);
      if (plan?.kind === "done") {
        outputs.push(plan.output);
        continue;
      }
      const machine = branch as unknown as StateMachineDefinition;
      const outcome = plan === undefined
        ? await this.runMachine(machine, input, { language: ctx.frame.language, variables: { ...ctx.frame.variables } }, branchThread)
        : await this.runMachine(machine, plan.from.input, { language: ctx.frame.language, variables: { ...plan.from.variables } }, branchThread, plan.from.startAt, plan.from.container);
      thread.prev = branchThread.prev;
      if (outcome.kind === "failed") {
        // The branch's failed Task is aborted with the Parallel (AWS records it after TaskFailed).
        if (outcome.stateType === "Task") this.recorder.add("TaskStateAborted", branchThread.prev);
        return { kind: "error", error: outcome.error, cause: outcome.cause };
      }
      outputs.push(outcome.output);
    }
    // Succeeded hangs off the chain: Exited points at the last branch event, not at it.
    this.recorder.add("ParallelStateSucceeded", thread.prev);
    return this.finishWithResult(ctx, outputs, 0);
  }

  /**
   * A Distributed Map: `MapRunStarted` (with its `mapRunArn`), each item as a child execution
   * whose events stay out of the parent history, then `MapRunSucceeded` or `MapRunFailed`.
   * `ResultWriter` replaces the result with `{MapRunArn, ResultWriterDetails}`.
   */
  private async runMapRun(ctx: StateCtx, items: readonly Json[], processor: StateMachineDefinition, effective: Json): Promise<StateOutcome> {
    const { state, thread } = ctx;
    const label = typeof state["Label"] === "string" ? state["Label"] : ctx.name;
    const runId = this.options.random.uuid();
    const mapRunArn = `${this.stateMachineArn.replace(":stateMachine:", ":mapRun:")}/${label}:${runId}`;
    const toleratedScope = this.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame);
    const tolerated = toleratedCount(state, toleratedScope);
    const toleratedPct = toleratedPercentage(state, toleratedScope);
    const runStarted = this.recorder.add("MapRunStarted", thread.prev, { mapRunArn });
    thread.prev = runStarted;
    const selector = state["ItemSelector"] ?? state["Parameters"];
    const parent = this.recorder;
    const outputs: Json[] = [];
    let failures = 0;
    let failure: { error: string; cause: string | undefined } | undefined;
    try {
      for (let index = 0; index < items.length; index++) {
        const value = items[index] as Json;
        const itemFrame: Frame = { language: ctx.frame.language, variables: { ...ctx.frame.variables }, mapItem: { Index: index, Value: value } };
        let itemInput = value;
        if (selector !== undefined) {
          itemInput = ctx.frame.language === "JSONata"
            ? await this.jsonataField(selector, { input: ctx.input, context: this.context(ctx.name, ctx.enteredIso, 0, itemFrame) }, ctx.frame, "ItemSelector")
            : evaluatePayloadTemplate(selector, this.scope(effective, ctx.name, ctx.enteredIso, 0, itemFrame), this.options.random);
        }
        // Child executions keep their own histories; the parent records only the Map Run.
        this.recorder = new HistoryRecorder(() => this.options.clock.now());
        const outcome = await this.runMachine(processor, itemInput, { language: ctx.frame.language, variables: itemFrame.variables }, { prev: 0 });
        this.recorder = parent;
        if (outcome.kind === "failed") {
          failures++;
          if (failures > tolerated && (failures * 100) / items.length > toleratedPct) {
            failure = { error: "States.ExceedToleratedFailureThreshold", cause: "The specified tolerated failure threshold was exceeded" };
            break;
          }
          outputs.push(null);
          continue;
        }
        outputs.push(outcome.output);
      }
    } finally {
      this.recorder = parent;
    }
    if (failure !== undefined) {
      thread.prev = this.recorder.add("MapRunFailed", thread.prev, errorDetails(failure.error, failure.cause));
      return { kind: "error", error: failure.error, cause: failure.cause };
    }
    thread.prev = this.recorder.add("MapRunSucceeded", thread.prev);
    this.recorder.add("MapStateSucceeded", thread.prev);
    if (this.behaviour.mapExitAfterMapRunStarted) thread.prev = runStarted;
    let result: Json = outputs;
    const writer = state["ResultWriter"];
    if (isJsonObject(writer)) {
      const params = isJsonObject(writer["Parameters"]) ? writer["Parameters"] : isJsonObject(writer["Arguments"]) ? writer["Arguments"] : {};
      const prefix = typeof params["Prefix"] === "string" ? `${params["Prefix"]}/` : "";
      result = { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: params["Bucket"] ?? null, Key: `${prefix}${runId}/manifest.json` } };
    }
    return this.finishWithResult(ctx, result, 0);
  }

  /**
   * `ItemReader`: asks the task invoker for the object its `Resource` names (with its
   * `Parameters`/`Arguments`), then reads items per `ReaderConfig.InputType` (`JSON` array or
   * `CSV` with `CSVHeaderLocation` `FIRST_ROW`/`GIVEN`), up to `MaxItems`.
   */
  private async readItems(ctx: StateCtx, reader: JsonObject, effective: Json): Promise<Json[]> {
    const resource = String(reader["Resource"] ?? "");
    const jsonata = ctx.frame.language === "JSONata";
    const template = jsonata ? reader["Arguments"] : reader["Parameters"];
    const payload = template === undefined ? {} : jsonata
      ? await this.jsonataField(template, this.jsonataStates(ctx), ctx.frame, "ItemReader/Arguments")
      : evaluatePayloadTemplate(template, this.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame), this.options.random);
    const outcome = (await this.options.invoker.invoke({ stateName: ctx.name, resource, payload, retryCount: 0 })) ?? unresolved(ctx.name, resource);
    if (outcome.type === "failure") throw new StatesError(outcome.error, outcome.cause);
    const config = isJsonObject(reader["ReaderConfig"]) ? reader["ReaderConfig"] : {};
    const body = isJsonObject(outcome.output) && "Body" in outcome.output ? outcome.output["Body"] : outcome.output;
    let items: Json[];
    if (config["InputType"] === "CSV") {
      if (typeof body !== "string") throw new StatesError("States.ItemReaderFailed", "The CSV object is not text");
      const headers = config["CSVHeaderLocation"] === "GIVEN" && Array.isArray(config["CSVHeaders"]) ? config["CSVHeaders"].map(String) : null;
      items = csvItems(body, headers);
    } else {
      const parsed = typeof body === "string" ? (JSON.parse(body) as Json) : body;
      if (!Array.isArray(parsed)) throw new StatesError("States.ItemReaderFailed", "Attempting to map over non-iterable node.");
      items = parsed;
    }
    const max = config["MaxItems"];
    return typeof max === "number" && max > 0 ? items.slice(0, max) : items;
  }

  private async runMap(ctx: StateCtx): Promise<StateOutcome> {
    const { state, thread } = ctx;
    let items: Json;
    let effective = ctx.input;
    const reader = state["ItemReader"];
    if (isJsonObject(reader)) {
      if (ctx.frame.language === "JSONPath") effective = this.processInputPath(ctx);
      items = await this.readItems(ctx, reader, effective);
    } else if (ctx.frame.language === "JSONata") {
      if (state["Items"] === undefined) {
        items = ctx.input;
        if (!Array.isArray(items)) throw new StatesError("States.QueryEvaluationError", `Map state input must be an array but was: ${JSON.stringify(items)}`);
      } else {
        items = await this.jsonataField(state["Items"], this.jsonataStates(ctx), ctx.frame, "Items");
        if (!Array.isArray(items)) {
          const body = isJsonataExpression(state["Items"]) ? state["Items"].slice(2, -2).trim() : JSON.stringify(state["Items"]);
          throw new Failure("States.QueryEvaluationError", `The JSONata expression '${body}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${jsonTypeOf(items)}' for value: ${JSON.stringify(items)}`, "Items");
        }
      }
    } else {
      effective = this.processInputPath(ctx);
      items = typeof state["ItemsPath"] === "string" ? readScopedPath(state["ItemsPath"], this.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame), "States.Runtime") : effective;
    }
    if (!Array.isArray(items)) throw new StatesError("States.Runtime", `Map state input must be an array, got '${JSON.stringify(items)}'`);
    const processor = (isJsonObject(state["ItemProcessor"]) ? state["ItemProcessor"] : state["Iterator"]) as unknown as StateMachineDefinition | undefined;
    if (processor === undefined) throw new StatesError("States.Runtime", "Map state has no ItemProcessor");
    // AWS reports length 0 when the items come from an ItemReader.
    thread.prev = this.recorder.add("MapStateStarted", thread.prev, { length: isJsonObject(reader) ? 0 : items.length });
    const processorConfig = isJsonObject(processor) ? (processor as unknown as JsonObject)["ProcessorConfig"] : undefined;
    if (isJsonObject(processorConfig) && processorConfig["Mode"] === "DISTRIBUTED") return this.runMapRun(ctx, items, processor, effective);
    const selector = state["ItemSelector"] ?? state["Parameters"];
    const outputs: Json[] = [];
    const toleratedScope = this.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame);
    const tolerated = toleratedCount(state, toleratedScope);
    const toleratedPct = toleratedPercentage(state, toleratedScope);
    let failures = 0;
    let lastIterationEnd: number | undefined;
    const redrive = ctx.redrive;
    ctx.redrive = undefined;
    for (let index = 0; index < items.length; index++) {
      const value = items[index] as Json;
      // Redriven: an iteration that succeeded keeps its output; a failed one goes on from where it failed.
      const plan = redrive?.children.get(index);
      if (plan?.kind === "done") {
        outputs.push(plan.output);
        continue;
      }
      // Each iteration gets its own copy of the variables: its assignments stay inside it.
      const iterationFrame: Frame = { language: ctx.frame.language, variables: { ...(plan === undefined ? ctx.frame.variables : plan.from.variables) } };
      const iterStarted = this.recorder.add("MapIterationStarted", thread.prev, { index, name: ctx.name });
      let itemInput = plan === undefined ? value : plan.from.input;
      if (selector !== undefined && plan === undefined) {
        const itemFrame: Frame = { ...iterationFrame, mapItem: { Index: index, Value: value } };
        if (ctx.frame.language === "JSONata") {
          itemInput = await this.jsonataField(selector, { input: ctx.input, context: this.context(ctx.name, ctx.enteredIso, 0, itemFrame) }, ctx.frame, "ItemSelector");
        } else {
          itemInput = evaluatePayloadTemplate(selector, this.scope(effective, ctx.name, ctx.enteredIso, 0, itemFrame), this.options.random);
        }
      }
      const iterThread: Thread = { prev: iterStarted };
      let outcome: Outcome;
      try {
        const run = plan === undefined
          ? this.runMachine(processor, itemInput, iterationFrame, iterThread)
          : this.runMachine(processor, itemInput, iterationFrame, iterThread, plan.from.startAt, plan.from.container);
        outcome = run instanceof Promise ? await run : run;
      } catch (err) {
        if (err instanceof ExecutionAbort && err.reason === "stop") this.recorder.add("MapIterationAborted", err.prev, { index, name: ctx.name });
        throw err;
      }
      // The iteration's end event hangs off the chain without advancing it (AWS quirk).
      thread.prev = iterThread.prev;
      if (outcome.kind === "failed") {
        this.recorder.add("MapIterationFailed", iterThread.prev, { index, name: ctx.name });
        failures++;
        if (failures > tolerated && (failures * 100) / items.length > toleratedPct) {
          // The failed iteration's Task is aborted with the Map (AWS records it after MapIterationFailed).
          if (outcome.stateType === "Task") this.recorder.add("TaskStateAborted", iterThread.prev);
          return { kind: "error", error: outcome.error, cause: outcome.cause };
        }
        outputs.push(null);
        continue;
      }
      lastIterationEnd = this.recorder.add("MapIterationSucceeded", iterThread.prev, { index, name: ctx.name });
      outputs.push(outcome.output);
    }
    // AWS chains MapStateSucceeded and MapStateExited both to the last MapIterationSucceeded.
    if (lastIterationEnd !== undefined) thread.prev = lastIterationEnd;
    this.recorder.add("MapStateSucceeded", thread.prev);
    return this.finishWithResult(ctx, outputs, 0);
  }
}

/** Shared `{"truncated": false}` of every `*Details` member: one object, not one per event. */
const NOT_TRUNCATED = Object.freeze({ truncated: false });

/** A state's `Error` when its Fail state names none. */
const FAIL_NO_ERROR = "States.Fail";

interface StateCtx {
  readonly name: string;
  readonly state: JsonObject;
  readonly input: Json;
  readonly frame: Frame;
  readonly thread: Thread;
  readonly enteredId: number;
  readonly enteredIso: string;
  readonly type: string;
  /** A redrive's plan for this Parallel/Map: used by its first attempt only (a retry re-runs every child). */
  redrive: ContainerRedrive | undefined;
}

type StateOutcome =
  | { readonly kind: "ok"; readonly output: Json; readonly next: string | null; readonly assigned: Vars | undefined }
  | { readonly kind: "error"; readonly error: string; readonly cause: string | undefined; readonly location?: string | undefined; readonly evaluation?: boolean };

type StepResult =
  | { readonly kind: "next"; readonly next: string; readonly output: Json }
  | { readonly kind: "end"; readonly output: Json }
  | { readonly kind: "failed"; readonly error: string; readonly cause: string | undefined; readonly stateType?: string };

function ok(output: Json, next: string | null, assigned: Vars | undefined): StateOutcome {
  return { kind: "ok", output, next, assigned };
}

function errorDetails(error: string, cause: string | undefined): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  if (cause !== undefined) details["cause"] = cause;
  if (error !== FAIL_NO_ERROR) details["error"] = error;
  return details;
}

function unresolved(stateName: string, resource: string): TaskOutcome {
  return { type: "failure", error: "States.TaskFailed", cause: `No task resolution for state '${stateName}' (Resource '${resource}'): no mocked response, local handler or recorded result answers it` };
}

function jsonTypeOf(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** AWS rejects waits that end more than a year from now ("Wait state delay is too long."). */
const MAX_WAIT_MS = 366 * 24 * 3600 * 1000;

const ISO_OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads a `*Path` parameter; a missing value is AWS's "The <field> parameter does not reference an input value". */
function readParameterPath(path: string, scope: PathScope, field: string): Json {
  try {
    return readScopedPath(path, scope, "States.Runtime");
  } catch {
    throw new StatesError("States.Runtime", `The ${field} parameter does not reference an input value: ${path}`);
  }
}

/** `ToleratedFailureCount(Path)`: a non-negative integer, default 0. */
function toleratedCount(state: JsonObject, scope: PathScope): number {
  let value: Json | undefined = state["ToleratedFailureCount"];
  const path = state["ToleratedFailureCountPath"];
  if (typeof path === "string") {
    value = readParameterPath(path, scope, "ToleratedFailureCountPath");
    // AWS parses integer text too ("1").
    if (typeof value === "string" && /^-?\d+$/.test(value)) value = Number(value);
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new StatesError("States.Runtime", `The ToleratedFailureCountPath field refers to value "${typeof value === "string" ? value : JSON.stringify(value)}" which is not a valid integer: ${path}`);
    }
  }
  if (typeof value !== "number") return 0;
  if (value < 0) throw new StatesError("States.Runtime", "ToleratedFailureCount cannot be negative.");
  return value;
}

/** `ToleratedFailurePercentage(Path)`: 0–100, default 0. */
function toleratedPercentage(state: JsonObject, scope: PathScope): number {
  let value: Json | undefined = state["ToleratedFailurePercentage"];
  const path = state["ToleratedFailurePercentagePath"];
  if (typeof path === "string") {
    value = readParameterPath(path, scope, "ToleratedFailurePercentagePath");
    if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) value = Number(value);
    if (typeof value !== "number") {
      throw new StatesError("States.Runtime", `The ToleratedFailurePercentagePath field refers to value "${typeof value === "string" ? value : JSON.stringify(value)}" which is not a valid float: ${path}`);
    }
  }
  if (typeof value !== "number") return 0;
  if (value < 0 || value > 100) throw new StatesError("States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.");
  return value;
}

/** Epoch ms of an ISO-8601 timestamp; fractions beyond milliseconds are dropped (JavaScript's Date cannot parse them). */
function parseTimestamp(text: string): number {
  return Date.parse(text.replace(/(\.\d{3})\d+/, "$1"));
}

/** `States.Timeout` and `States.HeartbeatTimeout` end a Task attempt with a `*TimedOut` event, not `*Failed`. */
function isTimeout(error: string): boolean {
  return error === "States.Timeout" || error === "States.HeartbeatTimeout";
}

/** AWS's payload limit: 256 KiB of UTF-8 (`States.DataLimitExceeded` beyond it). */
const PAYLOAD_LIMIT_BYTES = 256 * 1024;

function exceedsPayloadLimit(text: string): boolean {
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  if (text.length * 3 <= PAYLOAD_LIMIT_BYTES) return false;
  return new TextEncoder().encode(text).length > PAYLOAD_LIMIT_BYTES;
}

/** States that record `*StateAborted` when the execution stops while they run. */
const ABORTABLE = new Set(["Task", "Wait", "Parallel", "Map"]);

/**
 * Unwinds an execution that was stopped or ran past its `TimeoutSeconds`; `prev` is the last
 * event of the chain being unwound. Only a stop records `*StateAborted` on the way out.
 */
class ExecutionAbort extends Error {
  prev: number;
  readonly reason: "stop" | "timeout";
  constructor(prev: number, reason: "stop" | "timeout" = "stop") {
    super(reason === "stop" ? "execution aborted" : "execution timed out");
    this.prev = prev;
    this.reason = reason;
  }
}

/** Which limit ended a Task attempt first. */
interface TaskLimit {
  readonly ms: number;
  readonly error: "States.Timeout" | "States.HeartbeatTimeout" | "execution";
}

const LIMIT_REACHED = Symbol("limit reached");

/**
 * `InputPath`/`OutputPath`: a missing definite path fails with AWS's wording,
 * `Invalid path '$.a.b' : Missing property in path $['a']`.
 */
function readIoPath(path: string, scope: PathScope): Json {
  try {
    return readScopedPath(path, scope, "States.Runtime");
  } catch (err) {
    const segments = path.startsWith("$$") || /^\$[A-Za-z_]/.test(path) ? null : parseSimplePath(path);
    if (!(err instanceof StatesError) || segments === null) throw err;
    let node: Json = scope.input;
    let shown = "$";
    for (const segment of segments) {
      shown += typeof segment === "number" ? `[${segment}]` : `['${segment}']`;
      const next: Json | undefined = typeof segment === "number" ? (Array.isArray(node) ? node[segment] : undefined) : isJsonObject(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (next === undefined) break;
      node = next;
    }
    throw new StatesError("States.Runtime", `Invalid path '${path}' : Missing property in path ${shown}`);
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
