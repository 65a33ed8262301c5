import { HistoryEventRecord, StateEnteredEventRecord, StateExitedEventRecord } from "./plain-records";
import type { AslHistoryEvent } from "./types";

const DETAILS_KEYS = new Map<string, `${string}EventDetails`>();

/** The `*EventDetails` member name AWS uses for an event type (`PassStateEntered` → `stateEnteredEventDetails`). */
export function detailsKeyOf(type: string): `${string}EventDetails` {
  let key = DETAILS_KEYS.get(type);
  if (key === undefined) {
    if (type.endsWith("StateEntered")) key = "stateEnteredEventDetails";
    else if (type.endsWith("StateExited")) key = "stateExitedEventDetails";
    else key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
    if (DETAILS_KEYS.size < 256) DETAILS_KEYS.set(type, key);
  }
  return key;
}

let lastMs = Number.NaN;
let lastIso = "";

/** `ms` (epoch) as ISO-8601; memoised for the last value, since a virtual clock repeats it for many events. */
export function isoAt(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** A history's size limit: `onFull` throws to end the execution with its last event. */
export interface HistoryLimit {
  readonly maxEvents: number;
  readonly onFull: (previousEventId: number) => never;
}

const EXECUTION_ENDS = new Set(["ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"]);

/**
 * Appends AWS history events with ascending `id`s (from 1) and the caller's `previousEventId`,
 * timestamped by `now` (epoch ms → ISO-8601).
 */
export class HistoryRecorder {
  // `Array.of`, not a literal: no allocation site for V8 to pretenure (see plain-records.ts).
  readonly events: AslHistoryEvent[] = Array.of<AslHistoryEvent>();
  private readonly now: () => number;
  private readonly limit: HistoryLimit | undefined;
  private readonly onEvent: ((event: AslHistoryEvent) => void) | undefined;

  /** `onEvent` sees each event as it is added (a live view of a running execution). */
  constructor(now: () => number, limit?: HistoryLimit, onEvent?: (event: AslHistoryEvent) => void) {
    this.now = now;
    this.limit = limit;
    this.onEvent = onEvent;
  }

  /** Appends one event (timestamped now, or at `atMs`); returns its `id`. Details are omitted for types that carry none. */
  add(type: string, previousEventId: number, details?: Record<string, unknown>, atMs?: number): number {
    // AWS: at maxEvents − 1 events only the execution's end may follow; anything else ends it (`onFull`).
    if (this.limit !== undefined && this.events.length >= this.limit.maxEvents - 1 && !EXECUTION_ENDS.has(type))
      this.limit.onFull(previousEventId);
    const id = this.events.length + 1;
    const timestamp = isoAt(atMs ?? this.now());
    let event: Record<string, unknown>;
    if (details === undefined) event = new HistoryEventRecord(id, previousEventId, timestamp, type);
    else {
      const key = detailsKeyOf(type);
      if (key === "stateEnteredEventDetails")
        event = new StateEnteredEventRecord(id, previousEventId, timestamp, type, details);
      else if (key === "stateExitedEventDetails")
        event = new StateExitedEventRecord(id, previousEventId, timestamp, type, details);
      else {
        event = new HistoryEventRecord(id, previousEventId, timestamp, type);
        event[key] = details;
      }
    }
    this.events.push(event as unknown as AslHistoryEvent);
    this.onEvent?.(event as unknown as AslHistoryEvent);
    return id;
  }
}
