import type { HistoryEvent } from "@/lib/history/types";

/** One `history_events` row (without `execution_id`). */
export interface HistoryEventRow {
  readonly eventId: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly stateName: string | null;
  /** Compact JSON text (as `JSON.stringify` writes it) of the event's members other than `id`, `previousEventId`, `timestamp`, `type`. */
  readonly details: string;
}

/** Column-wise rows for `history_events` (without `execution_id`). */
export interface HistoryEventColumns {
  readonly eventIds: number[];
  readonly previousEventIds: number[];
  readonly timestamps: string[];
  readonly types: string[];
  readonly stateNames: (string | null)[];
  /** Compact JSON text (as `JSON.stringify` writes it) of the event's members other than `id`, `previousEventId`, `timestamp`, `type`. */
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

const PLAIN_KEY = /^[A-Za-z0-9_$]*$/;

/**
 * `JSON.stringify` of the event without `id`, `previousEventId`, `timestamp` and `type`,
 * byte for byte, without building the rest object first (an object rest spread per
 * event costs about as much as serialising its details).
 */
function detailsJson(event: HistoryEvent): string {
  let json = "{";
  for (const key in event) {
    if (key === "id" || key === "previousEventId" || key === "timestamp" || key === "type") continue;
    const value = JSON.stringify(event[key as `${string}EventDetails`]);
    if (value === undefined) continue;
    json += `${json.length > 1 ? "," : ""}${PLAIN_KEY.test(key) ? `"${key}"` : JSON.stringify(key)}:${value}`;
  }
  return `${json}}`;
}

/**
 * `history_events` rows of `events`, one at a time, so a writer can stream them. `state_name`
 * is the event's own state name, else inherited along `previousEventId` (a `TaskScheduled`
 * belongs to the state its `TaskStateEntered` opened), but not across a `*StateExited` and
 * never for `Execution*` events: good enough to filter a history by state.
 */
export function* historyEventRows(events: readonly HistoryEvent[]): Generator<HistoryEventRow> {
  const nameById = new Map<number, string | null>();
  const exitedIds = new Set<number>();
  for (const event of events) {
    const { id, previousEventId, type } = event;
    let stateName: string | null = null;
    if (!type.startsWith("Execution")) {
      stateName = ownStateName(event);
      if (stateName === null && !exitedIds.has(previousEventId)) {
        stateName = nameById.get(previousEventId) ?? null;
      }
    }
    if (type.endsWith("StateExited")) exitedIds.add(id);
    nameById.set(id, stateName);
    yield { eventId: id, previousEventId, timestamp: event.timestamp, type, stateName, details: detailsJson(event) };
  }
}

/** {@link historyEventRows}, column-wise. */
export function toHistoryEventColumns(events: readonly HistoryEvent[]): HistoryEventColumns {
  const columns: HistoryEventColumns = {
    eventIds: [],
    previousEventIds: [],
    timestamps: [],
    types: [],
    stateNames: [],
    details: [],
  };
  for (const row of historyEventRows(events)) {
    columns.eventIds.push(row.eventId);
    columns.previousEventIds.push(row.previousEventId);
    columns.timestamps.push(row.timestamp);
    columns.types.push(row.type);
    columns.stateNames.push(row.stateName);
    columns.details.push(row.details);
  }
  return columns;
}
