import { nodeIdOfRun } from "./node-id-of-run";
import type { ViewRun } from "./view-types";

/** The state run an event belongs to: its graph node and run key. */
export interface EventRunLink {
  readonly nodeId: string;
  readonly runKey: string;
}

/** The event fields the linking reads. */
interface LinkEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly stateName: string | null;
}

/**
 * Event id → the state run it belongs to. A run's `StateEntered` event is its
 * `enteredEventId`; every later event naming the same state follows the `previousEventId`
 * chain back to it (`TaskScheduled` → entered, a retry's `TaskScheduled` → the failed
 * attempt, …), which stays right when Map iterations or Parallel branches interleave by id.
 * A run's `exitedEventId` is its own; otherwise an event whose chain leads elsewhere (a
 * `MapStateSucceeded` after the last iteration) goes to the one run of its state open at
 * that id, when there is exactly one. Events of no state (execution-level) are absent.
 * `events` must be in id order.
 */
export function linkEventsToRuns(events: readonly LinkEvent[], runs: readonly ViewRun[]): Map<number, EventRunLink> {
  const entered = new Map<number, ViewRun>();
  const byName = new Map<string, ViewRun[]>();
  for (const r of runs) {
    entered.set(r.enteredEventId, r);
    if (r.exitedEventId !== null) entered.set(r.exitedEventId, r);
    const list = byName.get(r.name);
    if (list) list.push(r);
    else byName.set(r.name, [r]);
  }
  const owner = new Map<number, ViewRun>();
  const out = new Map<number, EventRunLink>();
  for (const e of events) {
    let run = entered.get(e.id);
    if (!run && e.stateName !== null) {
      const prev = owner.get(e.previousEventId);
      if (prev && prev.name === e.stateName && (prev.exitedEventId === null || e.id <= prev.exitedEventId)) run = prev;
      else {
        const open = (byName.get(e.stateName) ?? []).filter(
          (r) => r.enteredEventId < e.id && (r.exitedEventId === null || e.id < r.exitedEventId),
        );
        if (open.length === 1) run = open[0];
      }
    }
    if (!run) continue;
    owner.set(e.id, run);
    out.set(e.id, { nodeId: nodeIdOfRun(run.scope, run.name), runKey: run.key });
  }
  return out;
}
