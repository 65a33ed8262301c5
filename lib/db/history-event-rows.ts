import type { HistoryEvent } from "@/lib/history/types";

/** Column-wise rows for `history_events` (without `execution_id`). */
export interface HistoryEventColumns {
  readonly eventIds: number[];
  readonly previousEventIds: number[];
  readonly timestamps: string[];
  readonly types: string[];
  readonly stateNames: (string | null)[];
  /** JSON text of the event's members other than `id`, `previousEventId`, `timestamp`, `type`. */
  readonly details: string[];
}

/** The `name` an event's details carry (`*StateEntered`, `*StateExited`, `MapIterationStarted`, …). */
function ownStateName(event: HistoryEvent): string | null {
  for (const key in event) {
    if (!key.endsWith("EventDetails")) continue;
    const name = (event[key as `${string}EventDetails`] as { name?: unknown } | undefined)?.name;
    return typeof name === "string" ? name : null;
  }
  return null;
}

/**
 * Splits events into `history_events` columns. `state_name` is the event's own state
 * name, else inherited along `previousEventId` (a `TaskScheduled` belongs to the state
 * its `TaskStateEntered` opened), but not across a `*StateExited` and never for
 * `Execution*` events: good enough to filter a history by state.
 */
export function toHistoryEventColumns(events: readonly HistoryEvent[]): HistoryEventColumns {
  const columns: HistoryEventColumns = {
    eventIds: [], previousEventIds: [], timestamps: [], types: [], stateNames: [], details: [],
  };
  const nameById = new Map<number, string | null>();
  const exitedIds = new Set<number>();
  for (const event of events) {
    const { id, previousEventId, timestamp, type, ...rest } = event;
    let stateName: string | null = null;
    if (!type.startsWith("Execution")) {
      stateName = ownStateName(event);
      if (stateName === null && !exitedIds.has(previousEventId)) {
        stateName = nameById.get(previousEventId) ?? null;
      }
    }
    if (type.endsWith("StateExited")) exitedIds.add(id);
    nameById.set(id, stateName);
    columns.eventIds.push(id);
    columns.previousEventIds.push(previousEventId);
    columns.timestamps.push(timestamp);
    columns.types.push(type);
    columns.stateNames.push(stateName);
    columns.details.push(JSON.stringify(rest));
  }
  return columns;
}
