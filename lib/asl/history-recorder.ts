import type { AslHistoryEvent } from "./types";

/** The `*EventDetails` member name AWS uses for an event type (`PassStateEntered` → `stateEnteredEventDetails`). */
export function detailsKeyOf(type: string): `${string}EventDetails` {
  if (type.endsWith("StateEntered")) return "stateEnteredEventDetails";
  if (type.endsWith("StateExited")) return "stateExitedEventDetails";
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
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

/**
 * Appends AWS history events with ascending `id`s (from 1) and the caller's `previousEventId`,
 * timestamped by `now` (epoch ms → ISO-8601).
 */
export class HistoryRecorder {
  readonly events: AslHistoryEvent[] = [];
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** Appends one event (timestamped now, or at `atMs`); returns its `id`. Details are omitted for types that carry none. */
  add(type: string, previousEventId: number, details?: Record<string, unknown>, atMs?: number): number {
    const id = this.events.length + 1;
    const event: Record<string, unknown> = { id, previousEventId, timestamp: isoAt(atMs ?? this.now()), type };
    if (details !== undefined) event[detailsKeyOf(type)] = details;
    this.events.push(event as unknown as AslHistoryEvent);
    return id;
  }
}
