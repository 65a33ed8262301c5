import { awsBehaviourAsOf, type AwsBehaviour } from "./aws-behaviour";
import { contextObject, type ContextExecution } from "./context-object";
import { ExecutionDeadline } from "./execution-deadline";
import type { ExecutionOptions, ExecutionResult } from "./execution-options";
import { executionRecorder, memoisedStringify } from "./execution-recorder";
import { isoAt, type HistoryRecorder } from "./history-recorder";
import type { PathScope } from "./intrinsics";
import { LazyContextScope } from "./lazy-context-scope";
import { ExecutionResultRecord } from "./plain-records";
import { recordAbortEnd, recordOutcomeEnd, type ExecutionEnd } from "./record-execution-end";
import { planRedrive, type ContainerRedrive } from "./redrive-plan";
import * as dispatch from "./states/dispatch-state";
import { NOT_TRUNCATED } from "./states/event-details";
import { ExecutionAbort } from "./states/execution-abort";
import * as stateExited from "./states/record-state-exited";
import * as settle from "./states/settle-state";
import type { MapRunReport } from "./states/map-run-children";
import * as stateContext from "./states/state-context";
import type { Frame, Outcome, StateCtx, StateOutcome, StepResult, Thread } from "./states/state-context";
import type { StateRuntime } from "./states/state-runtime";
import type { Abandonment, TaskLimit } from "./states/task-limits";
import { executionIdentity } from "./stopped-execution";
import type { TaskOutcome } from "./task-invoker";
import { ThreadScheduler } from "./thread-scheduler";
import type { AslHistoryEvent, Json, JsonObject, QueryLanguage, StateMachineDefinition } from "./types";

type Saved = { readonly recorder: HistoryRecorder; readonly deadline: number | undefined };

/** A thread's recorder and deadline across a switch; made by `new`, never pretenured (see plain-records.ts). */
class SavedThreadState implements Saved {
  readonly recorder: HistoryRecorder;
  readonly deadline: number | undefined;
  constructor(recorder: HistoryRecorder, deadline: number | undefined) {
    this.recorder = recorder;
    this.deadline = deadline;
  }
}

// Bound once: tsx/esbuild's CommonJS output reads an imported binding through getters on every call,
// which costs ~10% of a Pass state's time on this per-state path (npm run bench:interpreter).
const { eventType } = stateExited;
const { settleState, thrownOutcome } = settle;
const { dispatchState } = dispatch;
const { newThread, StateCtxRecord, succeeded } = stateContext;
export type { ExecutionOptions, ExecutionResult } from "./execution-options";

/**
 * Runs a state machine to its end on the given ports and returns its AWS history
 * (`ExecutionStarted` … `ExecutionSucceeded`/`ExecutionFailed`). Branches of a `Parallel`
 * and iterations of a `Map` run concurrently, taking turns on the clock (`ThreadScheduler`), so
 * histories are deterministic.
 */
export const executeStateMachine = (options: ExecutionOptions): Promise<ExecutionResult> =>
  new Execution(options).start();

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
  readonly roleArn: string;
  readonly mapRuns: MapRunReport[] = [];
  readonly region: string;
  private transitions = 0;
  /** Its deadline and stop signal. */
  private readonly time: ExecutionDeadline;
  readonly threads: ThreadScheduler;
  readonly behaviour: AwsBehaviour;
  private startIso = "";
  private executionInput: Json = {};
  private redriveCount = 0;
  /** The thread state saved last (see the ThreadScheduler's `save`). */
  private lastSaved: SavedThreadState | undefined;
  /** `JSON.stringify`, remembering the last payload: a state's output is usually the next state's input, by identity. */
  private readonly payloadText = memoisedStringify();

  constructor(options: ExecutionOptions) {
    this.options = options;
    this.recorder = executionRecorder(options);
    // A thread switch (see ThreadScheduler) carries the recorder and deadline a Distributed Map's child swaps in.
    this.threads = new ThreadScheduler(
      options.clock,
      (): Saved => {
        // Unchanged since the last switch (the usual case): the same immutable record, not a new one.
        const last = this.lastSaved;
        if (last !== undefined && last.recorder === this.recorder && last.deadline === this.time.current) return last;
        return (this.lastSaved = new SavedThreadState(this.recorder, this.time.current));
      },
      (saved) => {
        this.recorder = (saved as Saved).recorder;
        this.time.current = (saved as Saved).deadline;
      },
    );
    this.time = new ExecutionDeadline(options, this.threads);
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
    const thread: Thread = newThread(0);
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
    const thread = newThread(this.recorder.add("ExecutionRedriven", lastId, { redriveCount: this.redriveCount }));
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
    this.time.start(definition.TimeoutSeconds);
    let outcome: Outcome;
    try {
      outcome = await this.runMachine(definition, input, frame, thread, startAt, redrive);
    } catch (err) {
      if (!(err instanceof ExecutionAbort)) throw err;
      return this.result(recordAbortEnd(this.recorder, err, this.options.maxEvents));
    }
    return this.result(recordOutcomeEnd(this.recorder, outcome, thread.prev, this.payloadText));
  }

  /** The end with the transitions, ARNs and Map Runs: made by `new`, never a literal (see plain-records.ts). */
  private result(end: ExecutionEnd): ExecutionResult {
    const { transitions, executionArn, stateMachineArn, roleArn, mapRuns } = this;
    return new ExecutionResultRecord(
      end as unknown as Record<string, unknown>,
      transitions,
      executionArn,
      stateMachineArn,
      roleArn,
      mapRuns,
    ) as unknown as ExecutionResult;
  }

  runChild: StateRuntime["runChild"] = (ms, run) => this.time.within(ms, run);

  context(stateName: string, enteredIso: string, retryCount: number, frame: Frame, taskToken?: string): JsonObject {
    const execution: ContextExecution = {
      executionArn: this.executionArn,
      executionInput: this.executionInput,
      startIso: this.startIso,
      executionName: this.options.executionName,
      roleArn: this.roleArn,
      stateMachineArn: this.stateMachineArn,
      stateMachineName: this.options.stateMachineName,
      redriveCount: this.behaviour.redriveCountInContext ? this.redriveCount : undefined,
    };
    return contextObject(execution, stateName, enteredIso, retryCount, frame, taskToken);
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
      if (pending.kind === "end") return succeeded(pending.output);
      current = pending.output;
      name = pending.next;
    }
    return succeeded(current);
  }

  /** The rest of {@link runMachine} after a state that awaited. */
  private continueMachine(
    machine: StateMachineDefinition,
    frame: Frame,
    thread: Thread,
    step: StepResult,
  ): Outcome | Promise<Outcome> {
    if (step.kind === "failed") return step;
    if (step.kind === "end") return succeeded(step.output);
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
    thread.stateType = type;
    const enteredPrev = thread.prev;
    const enteredId = this.recorder.addStateEntered(
      eventType(type, "StateEntered"),
      thread.prev,
      this.payloadText(input),
      name,
    );
    thread.prev = enteredId;
    const enteredIso = isoAt(this.options.clock.now());
    const ctx: StateCtx = new StateCtxRecord(
      name,
      state,
      input,
      stateFrame,
      thread,
      enteredId,
      enteredIso,
      type,
      redrive,
    );
    let pending: StateOutcome | Promise<StateOutcome>;
    try {
      pending = dispatchState(this, ctx);
    } catch (err) {
      return this.settle(ctx, enteredPrev, thrownOutcome(this, err, type));
    }
    if (pending instanceof Promise) {
      return pending.then(
        (result) => this.settle(ctx, enteredPrev, result),
        (err: unknown) => this.settle(ctx, enteredPrev, thrownOutcome(this, err, type)),
      );
    }
    return this.settle(ctx, enteredPrev, pending);
  }

  private settle(ctx: StateCtx, enteredPrev: number, outcome: StateOutcome): StepResult | Promise<StepResult> {
    return settleState(this, this.payloadText, ctx, enteredPrev, outcome);
  }

  checkAborted(thread: Thread): void {
    this.time.checkAborted(thread);
  }

  yieldTurn(thread: Thread): Promise<void> | undefined {
    return this.threads.yieldTurn(thread.lineage);
  }

  sleep(ms: number, thread: Thread): Promise<void> {
    return this.time.sleep(ms, thread);
  }

  invokeWithinLimits(
    invoke: (heartbeat: () => void, abandoned: Abandonment) => Promise<TaskOutcome | null>,
    limits: readonly TaskLimit[],
    thread: Thread,
  ): Promise<TaskOutcome | null> {
    return this.time.invokeWithinLimits(invoke, limits, thread);
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
    return new LazyContextScope(input, this, name, enteredIso, retryCount, frame, taskToken);
  }
}
