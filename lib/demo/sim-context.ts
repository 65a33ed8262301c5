import type { Json, Recorder } from "./history-recorder";
import type { Rng } from "./prng";

/** What every simulated state needs: randomness, where it runs, and the event sink. */
export interface SimContext {
  readonly rng: Rng;
  readonly recorder: Recorder;
  readonly region: string;
  readonly accountId: string;
}

/** `JSON.stringify`, named for what AWS does with every payload. */
export function payload(value: Json): string {
  return JSON.stringify(value);
}

/** Gap between two events of the same state machine transition (scheduler latency), ms. */
export function hop(sim: SimContext): number {
  return sim.rng.int(6, 45);
}

/** How a simulated piece of a workflow ended, before the execution's terminal event. */
export type SimEnd =
  | { readonly status: "SUCCEEDED"; readonly output: Json }
  | { readonly status: "FAILED"; readonly error: string; readonly cause: string | null }
  | { readonly status: "TIMED_OUT"; readonly error: string; readonly cause: string | null }
  | { readonly status: "ABORTED"; readonly error: string | null; readonly cause: string | null };
