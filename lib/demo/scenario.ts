import type { Json, Track } from "./history-recorder";
import type { SimContext, SimEnd } from "./sim-context";

/** One planned execution of a workflow: its input, and how to play it from `ExecutionStarted`. */
export interface ScenarioRun {
  readonly input: Json;
  /** Plays the states after `ExecutionStarted` on the top-level track; returns how the execution ends. */
  readonly run: (root: Track) => SimEnd;
}

/** Planning context: randomness and events, plus the execution's start (for dates in payloads). */
export interface PlanContext extends SimContext {
  readonly startMs: number;
}

/** A JSON object payload. */
export type JsonObject = { readonly [key: string]: Json };
