import {
  HistoryEventRecord,
  IterationDetails,
  StateEnteredDetails,
  StateEnteredEventRecord,
  StateExitedDetails,
  StateExitedEventRecord,
} from "./plain-records";
import { NOT_TRUNCATED } from "./states/event-details";
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

/** How a pending event's two slots `a`, `b` make its details (see {@link HistoryRecorder}). */
type Shape = typeof NONE | typeof GIVEN | typeof ENTERED | typeof EXITED | typeof ITERATION;
/** No details. */
const NONE = 0;
/** `a`: the details object. */
const GIVEN = 1;
/** `a`: the input text, `b`: the state's name (`stateEnteredEventDetails`). */
const ENTERED = 2;
/** `a`: the state's name, `b`: the output text (`stateExitedEventDetails`). */
const EXITED = 3;
/** `a`: the iteration's index, `b`: the Map state's name (`mapIteration*EventDetails`). */
const ITERATION = 4;

/** Slots per pending event: shape, type, previousEventId, timestamp, a, b. */
const SLOTS = 6;
/**
 * Pending events per array: one growing array was copied whole at each growth (three times its
 * size in all); arrays of a bounded size are each filled once.
 */
const EVENTS_PER_CHUNK = 1024;
/** The first array's events: most executions are short. */
const FIRST_CHUNK_EVENTS = 32;

/**
 * The arrays of pending slots, each allocated once at its full size. The first and the later ones
 * come from two allocation sites: were a long history's arrays (alive at every scavenge) to make
 * V8 pretenure the site, a short execution's array would not be made in the old generation with it,
 * where, once dead, it would keep the young objects it points at alive until a full collection.
 */
function firstChunk(): unknown[] {
  return new Array<unknown>(FIRST_CHUNK_EVENTS * SLOTS);
}

/** See {@link firstChunk}. */
function nextChunk(): unknown[] {
  return new Array<unknown>(EVENTS_PER_CHUNK * SLOTS);
}

/**
 * Appends AWS history events with ascending `id`s (from 1) and the caller's `previousEventId`,
 * timestamped by `now` (epoch ms → ISO-8601).
 *
 * Until anyone reads `events` (or `onEvent` is given), an event is kept as six slots of flat
 * arrays, not as its two objects (event and details): the first read of `events` makes the objects,
 * in order, into the one array it returns, and from then on each event is made as it is added, so
 * what a reader holds is always complete: no reader can tell the difference. Made at the end, a
 * long history's events can be made in one go in the old generation (see {@link LONG_LIVED_EVENTS});
 * made one by one as the execution ran, each survived two scavenges and was copied twice, the
 * collector's largest cost on a long history (the Map over 10,000 items: 60,006 events).
 */
export class HistoryRecorder {
  // `Array.of`, not a literal: no allocation site for V8 to pretenure (see plain-records.ts).
  private list: AslHistoryEvent[] = Array.of<AslHistoryEvent>();
  /** The pending events' slots: the filled arrays, then the one being filled. */
  private readonly filled: unknown[][] = Array.of<unknown[]>();
  private pending: unknown[] = firstChunk();
  /** Slots used in `pending`. */
  private used = 0;
  private pendingCount = 0;
  /** Whether `events` was read (or `onEvent` given): each event is then made as it is added. */
  private observed: boolean;
  private readonly now: () => number;
  private readonly limit: HistoryLimit | undefined;
  private readonly onEvent: ((event: AslHistoryEvent) => void) | undefined;

  /** `onEvent` sees each event as it is added (a live view of a running execution). */
  constructor(now: () => number, limit?: HistoryLimit, onEvent?: (event: AslHistoryEvent) => void) {
    this.now = now;
    this.limit = limit;
    this.onEvent = onEvent;
    this.observed = onEvent !== undefined;
  }

  /** The events so far, in order; the same array on every read, and events added later are appended to it. */
  get events(): AslHistoryEvent[] {
    if (!this.observed) {
      this.observed = true;
      // Nothing is in `list` before the first read: every event so far is pending.
      const count = this.pendingCount;
      const long = count >= LONG_LIVED_EVENTS;
      // A long history's array is made at its final length at once (not grown by copying); its own
      // allocation site, like its events' (see firstChunk).
      const list = long && count <= PREALLOCATED_MAX ? new Array<AslHistoryEvent>(count) : Array.of<AslHistoryEvent>();
      const make = long ? makeLongLivedEvent : makeEvent;
      let made = 0;
      for (const slots of this.filled) made = makeEvents(make, slots, slots.length, list, made);
      makeEvents(make, this.pending, this.used, list, made);
      this.list = list;
      this.filled.length = 0;
      this.pending = Array.of<unknown>();
      this.used = 0;
      this.pendingCount = 0;
    }
    return this.list;
  }

  /** Appends one event (timestamped now, or at `atMs`); returns its `id`. Details are omitted for types that carry none. */
  add(type: string, previousEventId: number, details?: Record<string, unknown>, atMs?: number): number {
    return details === undefined
      ? this.append(NONE, type, previousEventId, undefined, undefined, atMs)
      : this.append(GIVEN, type, previousEventId, details, undefined, atMs);
  }

  /** A state's `*StateEntered`: `{input, inputDetails, name}`. */
  addStateEntered(type: string, previousEventId: number, inputText: string, name: string): number {
    return this.append(ENTERED, type, previousEventId, inputText, name, undefined);
  }

  /** A state's `*StateExited` when it assigned no variables: `{name, output, outputDetails}`. */
  addStateExited(type: string, previousEventId: number, name: string, outputText: string): number {
    return this.append(EXITED, type, previousEventId, name, outputText, undefined);
  }

  /** A Map iteration's `MapIteration*`: `{index, name}`. */
  addIteration(type: string, previousEventId: number, index: number, name: string): number {
    return this.append(ITERATION, type, previousEventId, index, name, undefined);
  }

  private append(
    shape: Shape,
    type: string,
    previousEventId: number,
    a: unknown,
    b: unknown,
    atMs: number | undefined,
  ): number {
    const id = this.list.length + this.pendingCount + 1;
    // AWS: at maxEvents − 1 events only the execution's end may follow; anything else ends it (`onFull`).
    if (this.limit !== undefined && id > this.limit.maxEvents - 1 && !EXECUTION_ENDS.has(type))
      this.limit.onFull(previousEventId);
    const timestamp = isoAt(atMs ?? this.now());
    if (!this.observed) {
      let slots = this.pending;
      let i = this.used;
      if (i === slots.length) {
        this.filled.push(slots);
        slots = this.pending = nextChunk();
        i = 0;
      }
      slots[i] = shape;
      slots[i + 1] = type;
      slots[i + 2] = previousEventId;
      slots[i + 3] = timestamp;
      slots[i + 4] = a;
      slots[i + 5] = b;
      this.used = i + SLOTS;
      this.pendingCount++;
      return id;
    }
    const event = makeEvent(id, shape, type, previousEventId, timestamp, a, b);
    this.list.push(event);
    this.onEvent?.(event);
    return id;
  }
}

/** Up to this many events a long history's array is made at its final length (far below where V8 makes a new array's elements a dictionary). */
const PREALLOCATED_MAX = 1_000_000;

/**
 * From this many events on, a history's events are made by {@link makeLongLivedEvent}. A history
 * that long (over a megabyte of objects) is alive at the next scavenge whatever happens, and each
 * scavenge copied all of it (10,000 Map items: 60,006 events, 7 MB copied twice, a third of the
 * run); made by object literals, V8 learns from the literals' allocation sites that they survive and
 * allocates them in the old generation at once (pretenuring). Shorter histories keep the
 * constructors: when V8 pretenured the events of short executions, dead old events kept younger
 * objects alive through every scavenge (the Parallel bench definition 0.06 → 0.19 ms; see
 * plain-records.ts).
 */
const LONG_LIVED_EVENTS = 10_000;

/** Makes the events of `slots` (up to `end`) into `list` from index `made` (at or below its length); returns the new count. */
function makeEvents(
  make: typeof makeEvent,
  slots: readonly unknown[],
  end: number,
  list: AslHistoryEvent[],
  made: number,
): number {
  let index = made;
  for (let i = 0; i < end; i += SLOTS) {
    list[index] = make(
      index + 1,
      slots[i] as Shape,
      slots[i + 1] as string,
      slots[i + 2] as number,
      slots[i + 3] as string,
      slots[i + 4],
      slots[i + 5],
    );
    index++;
  }
  return index;
}

/** An event's object from its slots (see {@link Shape}). */
function makeEvent(
  id: number,
  shape: Shape,
  type: string,
  previousEventId: number,
  timestamp: string,
  a: unknown,
  b: unknown,
): AslHistoryEvent {
  let event: Record<string, unknown>;
  switch (shape) {
    case NONE:
      event = new HistoryEventRecord(id, previousEventId, timestamp, type);
      break;
    case ENTERED:
      event = new StateEnteredEventRecord(
        id,
        previousEventId,
        timestamp,
        type,
        new StateEnteredDetails(a as string, NOT_TRUNCATED, b as string),
      );
      break;
    case EXITED:
      event = new StateExitedEventRecord(
        id,
        previousEventId,
        timestamp,
        type,
        new StateExitedDetails(a as string, b as string, NOT_TRUNCATED),
      );
      break;
    case ITERATION:
      event = new HistoryEventRecord(id, previousEventId, timestamp, type);
      event[detailsKeyOf(type)] = new IterationDetails(a as number, b as string);
      break;
    default: {
      const key = detailsKeyOf(type);
      if (key === "stateEnteredEventDetails")
        event = new StateEnteredEventRecord(id, previousEventId, timestamp, type, a);
      else if (key === "stateExitedEventDetails")
        event = new StateExitedEventRecord(id, previousEventId, timestamp, type, a);
      else {
        event = new HistoryEventRecord(id, previousEventId, timestamp, type);
        event[key] = a;
      }
    }
  }
  return event as unknown as AslHistoryEvent;
}

/** {@link makeEvent} by object literals, for a long history (see {@link LONG_LIVED_EVENTS}). */
function makeLongLivedEvent(
  id: number,
  shape: Shape,
  type: string,
  previousEventId: number,
  timestamp: string,
  a: unknown,
  b: unknown,
): AslHistoryEvent {
  let event: Record<string, unknown>;
  switch (shape) {
    case ENTERED:
      event = {
        id,
        previousEventId,
        timestamp,
        type,
        stateEnteredEventDetails: { input: a as string, inputDetails: NOT_TRUNCATED, name: b as string },
      };
      break;
    case EXITED:
      event = {
        id,
        previousEventId,
        timestamp,
        type,
        stateExitedEventDetails: { name: a as string, output: b as string, outputDetails: NOT_TRUNCATED },
      };
      break;
    case ITERATION:
      event = { id, previousEventId, timestamp, type, [detailsKeyOf(type)]: { index: a as number, name: b as string } };
      break;
    case NONE:
      event = { id, previousEventId, timestamp, type };
      break;
    default:
      event = { id, previousEventId, timestamp, type, [detailsKeyOf(type)]: a };
  }
  return event as unknown as AslHistoryEvent;
}
