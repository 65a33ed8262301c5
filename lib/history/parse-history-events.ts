import { awsHistoryLimits } from "./aws-history-limits";
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
export function parseHistoryEvents(
  raw: readonly unknown[],
  where: InputLocation,
  options: ParseEventsOptions = {},
): HistoryEvent[] {
  // Locations are built only for the event at fault: a sync parses millions of events.
  const locate =
    options.locate ?? ((index: number): InputLocation => ({ ...where, path: `${where.path ?? ""}/${index}` }));
  if (raw.length === 0) throw new HistoryInputError({ ...where }, "no events");
  const unit = options.epochUnit ?? "seconds";
  const toIso = unit === "seconds" ? epochSecondsIso() : null;
  const events = raw.map((item, index) => canonicalEvent(item, index, locate, unit, toIso));
  const descending = isStrictlyDescending(events);
  const seen = new Set<number>();
  let lastId = 0;
  const out: HistoryEvent[] = new Array<HistoryEvent>(events.length);
  for (let k = 0; k < events.length; k += 1) {
    const index = descending ? events.length - 1 - k : k;
    const event = events[index] as HistoryEvent;
    if (seen.has(event.id)) throw fault(locate, index, event.id, "id", `duplicate event id ${event.id}`);
    if (event.id < lastId)
      throw fault(locate, index, event.id, "id", `events out of ascending order: id ${event.id} after ${lastId}`);
    if (event.previousEventId !== 0 && !seen.has(event.previousEventId)) {
      throw fault(
        locate,
        index,
        event.id,
        "previousEventId",
        `previousEventId ${event.previousEventId} is not the id of an earlier event`,
      );
    }
    seen.add(event.id);
    lastId = event.id;
    out[k] = event;
  }
  return out;
}

/** The error for the event at `index` (its `id` when it has a numeric one), at `field` below it ("" for the event itself). */
function fault(
  locate: (index: number) => InputLocation,
  index: number,
  id: unknown,
  field: string,
  message: string,
): HistoryInputError {
  const at = locate(index);
  const path = field === "" ? (at.path ?? "") : `${at.path ?? ""}/${field}`;
  // An id past the safe integers (1e308) would only garble the location.
  return new HistoryInputError(
    typeof id === "number" && Math.abs(id) <= Number.MAX_SAFE_INTEGER ? { ...at, eventId: id, path } : { ...at, path },
    message,
  );
}

function isStrictlyDescending(events: readonly HistoryEvent[]): boolean {
  if (events.length < 2) return false;
  for (let i = 1; i < events.length; i++)
    if ((events[i] as HistoryEvent).id >= (events[i - 1] as HistoryEvent).id) return false;
  return true;
}

// Ids above Postgres's INTEGER (2³¹ − 1) are refused here, not by the store halfway through a file.
const isPositiveInteger = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value > 0 && value <= awsHistoryLimits.maxEventId;

/**
 * Epoch seconds → ISO UTC ms, the same as `canonicalTimestamp(value, "seconds")`, with the
 * text up to the second kept from the previous call: a history's timestamps climb slowly,
 * and `Date#toISOString` per event was a tenth of a sync's parse time.
 */
function epochSecondsIso(): (value: number) => string | null {
  let second = Number.NaN;
  let prefix = "";
  return (value) => {
    if (!Number.isFinite(value)) return null;
    const ms = Math.round(value * 1000);
    const s = Math.floor(ms / 1000);
    if (s !== second) {
      const iso = canonicalTimestamp(s, "seconds");
      if (iso === null) return null;
      second = s;
      prefix = iso.slice(0, -4);
    }
    const fraction = ms - s * 1000;
    return `${prefix}${fraction < 10 ? "00" : fraction < 100 ? "0" : ""}${fraction}Z`;
  };
}

function canonicalEvent(
  item: unknown,
  index: number,
  locate: (index: number) => InputLocation,
  unit: EpochUnit,
  toIso: ((value: number) => string | null) | null,
): HistoryEvent {
  if (typeof item !== "object" || item === null || Array.isArray(item))
    throw new HistoryInputError(locate(index), "expected an event object");
  const record = item as Record<string, unknown>;
  const { id, previousEventId, timestamp: rawTimestamp, type } = record;
  // The common case is checked by hand; zod is asked only for the message of a fault.
  const wellFormed =
    isPositiveInteger(id) &&
    (previousEventId == null || previousEventId === 0 || isPositiveInteger(previousEventId)) &&
    (typeof rawTimestamp === "string" || typeof rawTimestamp === "number" || rawTimestamp instanceof Date) &&
    typeof type === "string" &&
    type.length > 0;
  if (!wellFormed) {
    const parsed = rawHistoryEventSchema.safeParse(item);
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    throw fault(
      locate,
      index,
      id,
      issue === undefined ? "" : issue.path.map(String).join("/"),
      issue?.message ?? "invalid event",
    );
  }
  const timestamp =
    toIso !== null && typeof rawTimestamp === "number" ? toIso(rawTimestamp) : canonicalTimestamp(rawTimestamp, unit);
  if (timestamp === null) throw fault(locate, index, id, "timestamp", "expected an ISO-8601 timestamp");
  let key: string | undefined;
  for (const member in record) {
    if (!member.endsWith("EventDetails") || record[member] == null) continue;
    if (key !== undefined) throw fault(locate, index, id, member, `more than one details member (${key}, ${member})`);
    key = member;
  }
  const base: HistoryEvent = {
    id,
    previousEventId: (previousEventId as number | null | undefined) ?? 0,
    timestamp,
    type,
  };
  if (key === undefined) return base;
  const details = record[key];
  if (typeof details !== "object" || details === null || Array.isArray(details)) {
    throw fault(locate, index, id, key, `expected \`${key}\` to be an object`);
  }
  (base as unknown as Record<string, unknown>)[key] = details as EventDetails;
  return base;
}
