import { StatesError } from "./states-error";
import { isJsonObject, type AslHistoryEvent, type Json, type JsonObject, type StateMachineDefinition } from "./types";

/** Where a redrive re-enters one scope (the execution, a Parallel branch, a Map iteration). */
export interface ScopeRedrive {
  /** The state that was entered and never exited. */
  readonly startAt: string;
  /** Its recorded input. */
  readonly input: Json;
  /** The scope's variables when it was entered (outer ones, then those assigned in the scope before it). */
  readonly variables: Readonly<Record<string, Json>>;
  /** When that state is a Parallel or an inline Map: what each branch / iteration does on the redrive. */
  readonly container?: ContainerRedrive;
}

/** A branch or iteration: kept (its recorded output, not re-run) or re-run (from its unfinished state, or from its start). */
export type ChildRedrive =
  { readonly kind: "done"; readonly output: Json } | { readonly kind: "rerun"; readonly from: ScopeRedrive };

/** A Parallel's branches (by index in `Branches`) or an inline Map's iterations (by item index); a child not listed runs from its start. */
export interface ContainerRedrive {
  readonly children: ReadonlyMap<number, ChildRedrive>;
}

interface StateRun {
  readonly name: string;
  readonly type: string;
  readonly input: Json;
  readonly definition: JsonObject | undefined;
  exited: boolean;
  output: Json;
  assigned: Record<string, Json>;
  /** Parallel branches / Map iterations of the latest attempt. */
  children: Map<number, ScopeRun>;
  starts: number;
}

interface ScopeRun {
  readonly machine: StateMachineDefinition;
  readonly runs: StateRun[];
  /** How a Map iteration ended (`MapIteration*`), when it did. */
  ended?: "succeeded" | "failed" | "aborted";
}

/**
 * Reads a failed, timed-out or aborted history (of `definition`) into what AWS's redrive
 * re-runs: the state entered and never exited, with its input and the variables before it;
 * inside a Parallel or an inline Map, only the branches and iterations that did not succeed,
 * each from its own unfinished state (successful ones keep their recorded output). Throws
 * `States.Runtime` when the history ends otherwise or has nothing to redrive.
 */
export function planRedrive(definition: StateMachineDefinition, events: readonly AslHistoryEvent[]): ScopeRedrive {
  const last = events.at(-1);
  if (
    last === undefined ||
    (last.type !== "ExecutionFailed" && last.type !== "ExecutionTimedOut" && last.type !== "ExecutionAborted")
  ) {
    throw new StatesError("States.Runtime", "Only a failed, timed-out or aborted execution can be redriven");
  }
  const root: ScopeRun = { machine: definition, runs: [] };
  // Branches and iterations run concurrently, so their events interleave: each event is read in
  // the scopes of the event it follows (`previousEventId`), not of the one before it in the list.
  const after = new Map<number, Reading>();
  let reading: Reading = { stack: [root], active: [] };
  for (const event of events) {
    const from = after.get(event.previousEventId);
    if (from !== undefined) reading = { stack: [...from.stack], active: [...from.active] };
    readEvent(event, reading);
    after.set(event.id, { stack: [...reading.stack], active: [...reading.active] });
  }
  const plan = scopeRedrive(root, {});
  if (plan === undefined) throw new StatesError("States.Runtime", "The history has no state to redrive from");
  return plan;
}

/** The scopes open at the current event, and the Parallel/Map runs not yet ended (innermost last). */
interface Reading {
  readonly stack: ScopeRun[];
  readonly active: StateRun[];
}

const CONTAINER_ENDS = new Set([
  "ParallelStateSucceeded",
  "ParallelStateFailed",
  "ParallelStateAborted",
  "MapStateSucceeded",
  "MapStateFailed",
  "MapStateAborted",
]);

function readEvent(event: AslHistoryEvent, reading: Reading): void {
  const { stack, active } = reading;
  const type = event.type;
  if (type.endsWith("StateEntered")) {
    const details = event["stateEnteredEventDetails"] ?? {};
    const name = String(details["name"]);
    const scope = scopeForEntered(stack, name);
    const previous = scope.runs.findLast((r) => r.name === name);
    const run: StateRun = {
      name,
      type: type.slice(0, -"StateEntered".length),
      input: parseJson(details["input"]),
      definition: stateOf(scope.machine, name),
      exited: false,
      output: null,
      assigned: {},
      children: new Map(),
      starts: 0,
    };
    // Re-entered by an earlier redrive: the branches and iterations it kept are still done.
    if (previous !== undefined && !previous.exited) run.children = new Map(previous.children);
    scope.runs.push(run);
    if (run.type === "Parallel" || run.type === "Map") active.push(run);
  } else if (type.endsWith("StateExited")) {
    const details = event["stateExitedEventDetails"] ?? {};
    const name = String(details["name"]);
    const run = popToRun(stack, name);
    if (run === undefined) return;
    if (active.at(-1) === run) active.pop();
    run.exited = true;
    run.output = parseJson(details["output"]);
    const assigned = details["assignedVariables"];
    if (isJsonObject(assigned))
      for (const [key, value] of Object.entries(assigned)) run.assigned[key] = parseJson(value);
  } else if (type === "ParallelStateStarted" || type === "MapStateStarted") {
    const run = active.at(-1);
    if (run === undefined) return;
    popToRun(stack, run.name);
    // A retry runs every child again; the first start after a redrive keeps what was done.
    if (run.starts > 0) run.children = new Map();
    run.starts++;
  } else if (CONTAINER_ENDS.has(type)) {
    active.pop();
  } else if (type === "MapIterationStarted") {
    const details = event["mapIterationStartedEventDetails"] ?? {};
    const run = popToRun(stack, String(details["name"]));
    const processor = run?.definition?.["ItemProcessor"] ?? run?.definition?.["Iterator"];
    if (run === undefined || !isMachine(processor)) return;
    const index = Number(details["index"]);
    // An iteration an earlier redrive re-ran goes on from the states it had already run.
    const iteration: ScopeRun = { machine: processor, runs: [...(run.children.get(index)?.runs ?? [])] };
    run.children.set(index, iteration);
    stack.push(iteration);
  } else if (type === "MapIterationSucceeded" || type === "MapIterationFailed" || type === "MapIterationAborted") {
    const details = event[`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`] ?? {};
    const iteration = popToRun(stack, String(details["name"]))?.children.get(Number(details["index"]));
    if (iteration !== undefined)
      iteration.ended =
        type === "MapIterationSucceeded" ? "succeeded" : type === "MapIterationFailed" ? "failed" : "aborted";
  }
}

/** The scope a state named `name` is entered in: a new branch of the running Parallel, the current scope, or an enclosing one. */
function scopeForEntered(stack: ScopeRun[], name: string): ScopeRun {
  for (;;) {
    const top = stack.at(-1) as ScopeRun;
    const running = top.runs.at(-1);
    if (running !== undefined && !running.exited && running.type === "Parallel") {
      const field = running.definition?.["Branches"];
      const branches = Array.isArray(field) ? field : [];
      const index = branches.findIndex((b) => isMachine(b) && Object.hasOwn(b.States, name));
      const machine = branches[index];
      if (isMachine(machine)) {
        // A branch an earlier redrive re-ran goes on from the states it had already run.
        const branch: ScopeRun = { machine, runs: [...(running.children.get(index)?.runs ?? [])] };
        running.children.set(index, branch);
        stack.push(branch);
        return branch;
      }
    }
    if (Object.hasOwn(top.machine.States, name) || stack.length === 1) return top;
    stack.pop();
  }
}

/** Closes scopes until one holds an unfinished run of `name`; that run (undefined if none). */
function popToRun(stack: ScopeRun[], name: string): StateRun | undefined {
  for (let depth = stack.length - 1; depth >= 0; depth--) {
    const run = (stack[depth] as ScopeRun).runs.findLast((r) => r.name === name && !r.exited);
    if (run !== undefined) {
      stack.length = depth + 1;
      return run;
    }
  }
  return undefined;
}

/** The redrive of a scope: its unfinished state, or undefined when every state it entered exited. */
function scopeRedrive(scope: ScopeRun, outer: Readonly<Record<string, Json>>): ScopeRedrive | undefined {
  const run = scope.runs.at(-1);
  if (run === undefined || run.exited) return undefined;
  const variables: Record<string, Json> = { ...outer };
  for (const earlier of scope.runs) if (earlier.exited) Object.assign(variables, earlier.assigned);
  const plan: { -readonly [K in keyof ScopeRedrive]: ScopeRedrive[K] } = {
    startAt: run.name,
    input: run.input,
    variables,
  };
  const inline = run.type === "Map" && !isDistributed(run.definition);
  if ((run.type === "Parallel" || inline) && run.children.size > 0) {
    const children = new Map<number, ChildRedrive>();
    for (const [index, child] of run.children) {
      const done = run.type === "Map" ? child.ended === "succeeded" : branchSucceeded(child);
      const from = done ? undefined : scopeRedrive(child, variables);
      if (done) children.set(index, { kind: "done", output: child.runs.at(-1)?.output ?? null });
      else if (from !== undefined) children.set(index, { kind: "rerun", from });
    }
    plan.container = { children };
  }
  return plan;
}

/** A branch succeeded when its last state exited and ends the branch (`End`, or a Succeed state). */
function branchSucceeded(branch: ScopeRun): boolean {
  const last = branch.runs.at(-1);
  if (last === undefined || !last.exited) return false;
  return last.type === "Succeed" || last.definition?.["End"] === true;
}

function isDistributed(state: JsonObject | undefined): boolean {
  const processor = state?.["ItemProcessor"];
  const config = isJsonObject(processor) ? processor["ProcessorConfig"] : undefined;
  return isJsonObject(config) && config["Mode"] === "DISTRIBUTED";
}

function stateOf(machine: StateMachineDefinition, name: string): JsonObject | undefined {
  return Object.hasOwn(machine.States, name) ? machine.States[name] : undefined;
}

function isMachine(value: unknown): value is StateMachineDefinition {
  return isJsonObject(value) && typeof value["StartAt"] === "string" && isJsonObject(value["States"]);
}

function parseJson(text: unknown): Json {
  if (typeof text !== "string") return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}
