import { canonicalTimestamp, type EpochUnit } from "./canonical-timestamp";
import { HistoryInputError } from "./history-input-error";
import { rawHistoryEventSchema } from "./raw-history-event-schema";
import type { EventDetails, HistoryEvent, InputLocation } from "./types";

/** Where each raw event sits, and how its numeric timestamps count. */
export interface ParseEventsOptions {
  /** Location of the event at `index` (file, line, JSON Pointer); defaults to `where.path + "/" + index`. */
  readonly locate?: (index: number) => InputLocation;
  /** Unit of numeric `timestamp`s; default `seconds` (AWS CLI). */
  readonly epochUnit?: EpochUnit;
}

/**
 * Validates raw AWS `HistoryEvent`s (SDK `GetExecutionHistory` pages with `Date`
 * timestamps, AWS CLI JSON, converted Express log records) and returns them in canonical
 * form: `timestamp` as ISO UTC ms, `previousEventId` a number (0 when absent), at most one
 * `*EventDetails` member kept as is (payloads stay strings). A list in strictly descending
 * order (`--reverse-order`) is turned around; any other order is refused.
 * `where.path` is the JSON Pointer of the array (e.g. `/events`).
 * @throws {HistoryInputError} naming the event `id` and field path of the first fault:
 * no events, wrong shape, bad `timestamp`, missing `type`, more than one details member,
 * `id` not ascending or duplicated, `previousEventId` not an earlier `id` (0 allowed).
 */
export function parseHistoryEvents(raw: readonly unknown[], where: InputLocation, options: ParseEventsOptions = {}): HistoryEvent[] {
  const locate = options.locate ?? ((index: number): InputLocation => ({ ...where, path: `${where.path ?? ""}/${index}` }));
  if (raw.length === 0) throw new HistoryInputError({ ...where }, "no events");
  const events = raw.map((item, index) => canonicalEvent(item, locate(index), options.epochUnit ?? "seconds"));
  const order = isStrictlyDescending(events) ? events.map((_, i) => events.length - 1 - i) : events.map((_, i) => i);
  const seen = new Set<number>();
  let lastId = 0;
  const out: HistoryEvent[] = [];
  for (const index of order) {
    const event = events[index] as HistoryEvent;
    const at = { ...locate(index), eventId: event.id };
    if (seen.has(event.id)) throw new HistoryInputError({ ...at, path: `${at.path ?? ""}/id` }, `duplicate event id ${event.id}`);
    if (event.id < lastId) throw new HistoryInputError({ ...at, path: `${at.path ?? ""}/id` }, `events out of ascending order: id ${event.id} after ${lastId}`);
    if (event.previousEventId !== 0 && !seen.has(event.previousEventId)) {
      throw new HistoryInputError({ ...at, path: `${at.path ?? ""}/previousEventId` }, `previousEventId ${event.previousEventId} is not the id of an earlier event`);
    }
    seen.add(event.id);
    lastId = event.id;
    out.push(event);
  }
  return out;
}

function isStrictlyDescending(events: readonly HistoryEvent[]): boolean {
  if (events.length < 2) return false;
  for (let i = 1; i < events.length; i++) if ((events[i] as HistoryEvent).id >= (events[i - 1] as HistoryEvent).id) return false;
  return true;
}

function canonicalEvent(item: unknown, at: InputLocation, unit: EpochUnit): HistoryEvent {
  if (typeof item !== "object" || item === null || Array.isArray(item)) throw new HistoryInputError(at, "expected an event object");
  const idValue = (item as { id?: unknown }).id;
  const located: InputLocation = typeof idValue === "number" ? { ...at, eventId: idValue } : at;
  const parsed = rawHistoryEventSchema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? "" : issue.path.map(String).join("/");
    throw new HistoryInputError({ ...located, path: `${at.path ?? ""}${field === "" ? "" : `/${field}`}` }, issue?.message ?? "invalid event");
  }
  const timestamp = canonicalTimestamp(parsed.data.timestamp, unit);
  if (timestamp === null) throw new HistoryInputError({ ...located, path: `${at.path ?? ""}/timestamp` }, "expected an ISO-8601 timestamp");
  const detailKeys = Object.keys(item).filter((key) => key.endsWith("EventDetails") && (item as Record<string, unknown>)[key] != null);
  if (detailKeys.length > 1) throw new HistoryInputError({ ...located, path: `${at.path ?? ""}/${detailKeys[1] ?? ""}` }, `more than one details member (${detailKeys.join(", ")})`);
  const base = { id: parsed.data.id, previousEventId: parsed.data.previousEventId ?? 0, timestamp, type: parsed.data.type };
  const key = detailKeys[0];
  if (key === undefined) return base;
  const details = (item as Record<string, unknown>)[key];
  if (typeof details !== "object" || details === null || Array.isArray(details)) {
    throw new HistoryInputError({ ...located, path: `${at.path ?? ""}/${key}` }, `expected \`${key}\` to be an object`);
  }
  return { ...base, [key]: details as EventDetails };
}
