import type { ContainerRedrive } from "../redrive-plan";
import type { Lineage } from "../thread-scheduler";
import type { Json, JsonObject, QueryLanguage } from "../types";

/**
 * The per-state context the core hands a state module (`run-*.ts`), and what a state,
 * a step and a whole machine come back with.
 */

/** Workflow variables in scope (`$name` / `$states` aside). */
export type Vars = Record<string, Json>;

/** A chain of events: the `previousEventId` the next event of this branch/iteration points at. */
export interface Thread {
  prev: number;
  /** A Parallel branch's or Map iteration's place among concurrent threads (none: the execution's own). */
  readonly lineage?: Lineage | undefined;
  /** The `Type` of the state the thread is in. */
  stateType?: string | undefined;
  /** While the thread is in a Parallel or Map: records the aborted events of its unfinished branches/iterations. */
  abandon?: ((prev: number) => void) | undefined;
}

/** A new chain of events after `prev` (every thread has the same shape: the per-state code stays monomorphic). */
export function newThread(prev: number, lineage?: Lineage): Thread {
  return new ThreadRecord(prev, lineage);
}

// The per-state records are made by `new`, never as literals: V8 may pretenure a literal's allocation site (see plain-records.ts).
class ThreadRecord implements Thread {
  prev: number;
  readonly lineage: Lineage | undefined;
  stateType: string | undefined = undefined;
  abandon: ((prev: number) => void) | undefined = undefined;
  constructor(prev: number, lineage: Lineage | undefined) {
    this.prev = prev;
    this.lineage = lineage;
  }
}

/** The scope a state runs in: its query language, variables and, inside a Map, the item. */
export interface Frame {
  readonly language: QueryLanguage;
  /** Set for the frame of a Task, Parallel or Map state (`$$.State.RetryCount` exists). */
  readonly retriable?: boolean;
  readonly variables: Vars;
  readonly mapItem?: { readonly Index: number; readonly Value: Json };
}

/** One entered state: its definition, input, frame and where its events chain. */
export interface StateCtx {
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

/** How one state ended: its output, `Next` and assigned variables, or an ASL error. */
export type StateOutcome =
  | { readonly kind: "ok"; readonly output: Json; readonly next: string | null; readonly assigned: Vars | undefined }
  | {
      readonly kind: "error";
      readonly error: string;
      readonly cause: string | undefined;
      readonly location?: string | undefined;
      readonly evaluation?: boolean;
    };

/** A state's result once recorded and caught: where the machine goes next, or that it ended. */
export type StepResult =
  | { readonly kind: "next"; readonly next: string; readonly output: Json }
  | { readonly kind: "end"; readonly output: Json }
  | {
      readonly kind: "failed";
      readonly error: string;
      readonly cause: string | undefined;
      readonly stateType?: string;
    };

/** How a machine (the top level, a branch or an iteration) ended. */
export type Outcome =
  | { readonly kind: "succeeded"; readonly output: Json }
  | {
      readonly kind: "failed";
      readonly error: string;
      readonly cause: string | undefined;
      readonly stateType?: string;
    };

/** A state's successful outcome. */
export function ok(output: Json, next: string | null, assigned: Vars | undefined): StateOutcome {
  return new OkOutcome(output, next, assigned);
}

class OkOutcome {
  readonly kind = "ok";
  readonly output: Json;
  readonly next: string | null;
  readonly assigned: Vars | undefined;
  constructor(output: Json, next: string | null, assigned: Vars | undefined) {
    this.output = output;
    this.next = next;
    this.assigned = assigned;
  }
}

/** A state's result once recorded: the machine goes on at `next`, or (`null`) ends with `output`. */
export function stepped(next: string | null, output: Json): StepResult {
  return next === null ? new EndStep(output) : new NextStep(next, output);
}

class NextStep {
  readonly kind = "next";
  readonly next: string;
  readonly output: Json;
  constructor(next: string, output: Json) {
    this.next = next;
    this.output = output;
  }
}

class EndStep {
  readonly kind = "end";
  readonly output: Json;
  constructor(output: Json) {
    this.output = output;
  }
}

/** A machine that succeeded with `output`. */
export function succeeded(output: Json): Outcome {
  return new Succeeded(output);
}

class Succeeded {
  readonly kind = "succeeded";
  readonly output: Json;
  constructor(output: Json) {
    this.output = output;
  }
}

/** An entered state (see {@link StateCtx}). */
export class StateCtxRecord implements StateCtx {
  readonly name: string;
  readonly state: JsonObject;
  readonly input: Json;
  readonly frame: Frame;
  readonly thread: Thread;
  readonly enteredId: number;
  readonly enteredIso: string;
  readonly type: string;
  redrive: ContainerRedrive | undefined;
  constructor(
    name: string,
    state: JsonObject,
    input: Json,
    frame: Frame,
    thread: Thread,
    enteredId: number,
    enteredIso: string,
    type: string,
    redrive: ContainerRedrive | undefined,
  ) {
    this.name = name;
    this.state = state;
    this.input = input;
    this.frame = frame;
    this.thread = thread;
    this.enteredId = enteredId;
    this.enteredIso = enteredIso;
    this.type = type;
    this.redrive = redrive;
  }
}

/** The state's `Next`, or `null` when it ends the machine. */
export function nextOf(state: JsonObject): string | null {
  return typeof state["Next"] === "string" ? state["Next"] : null;
}
