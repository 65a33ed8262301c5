import { setImmediate as nextTurn } from "node:timers/promises";
import type { DerivedHistory, ParsedExecution } from "@/lib/history/types";

/** A parsed and derived execution, as another thread or process prepared it. */
export interface PreparedExecution {
  readonly parsed: ParsedExecution;
  readonly derived: DerivedHistory;
}

/**
 * A {@link PreparedExecution} packed to cross into this thread cheaply: UTF-8 JSON in chunks
 * of bytes. Received as objects, 25,000 events are rebuilt all at once (measured: ~250 ms
 * of the receiving thread); as strings, still ~60 ms per 2.5 MB; as bytes, a copy (or a
 * transfer between threads) of ~1 ms, then parsed a chunk per turn of the event loop.
 */
export interface PackedExecution {
  /** JSON of everything but the events and the state runs. */
  readonly head: string;
  readonly events: readonly Uint8Array[];
  readonly stateRuns: readonly Uint8Array[];
}

/** Items per chunk: each chunk parses in a few ms, so the receiver stays responsive between them. */
const chunkItems = 500;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `items` as UTF-8 JSON arrays of at most {@link chunkItems} items each (each with its own buffer, so it can be transferred). */
export function packChunks(items: readonly unknown[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < items.length; i += chunkItems)
    chunks.push(encoder.encode(JSON.stringify(items.slice(i, i + chunkItems))));
  return chunks;
}

/** The items of {@link packChunks}' chunks, parsed one chunk per turn of the event loop. */
export async function unpackChunks<T>(chunks: readonly Uint8Array[]): Promise<T[]> {
  const items: T[] = [];
  for (const chunk of chunks) {
    await nextTurn();
    for (const item of JSON.parse(decoder.decode(chunk)) as T[]) items.push(item);
  }
  return items;
}

/** The buffers of a packed execution, to transfer (not copy) to another thread. */
export function packedBuffers(packed: PackedExecution): ArrayBuffer[] {
  return [...packed.events, ...packed.stateRuns].map((chunk) => chunk.buffer as ArrayBuffer);
}

/** Packs a prepared execution (in the thread or process that prepared it). */
export function packExecution({ parsed, derived }: PreparedExecution): PackedExecution {
  const { events, ...parsedHead } = parsed;
  const { stateRuns, ...derivedHead } = derived;
  return {
    head: JSON.stringify({ parsed: parsedHead, derived: derivedHead }),
    events: packChunks(events),
    stateRuns: packChunks(stateRuns),
  };
}

/** Unpacks {@link packExecution}'s result, yielding to the event loop between chunks. */
export async function unpackExecution(packed: PackedExecution): Promise<PreparedExecution> {
  const head = JSON.parse(packed.head) as {
    parsed: Omit<ParsedExecution, "events">;
    derived: Omit<DerivedHistory, "stateRuns">;
  };
  const events = await unpackChunks<ParsedExecution["events"][number]>(packed.events);
  const stateRuns = await unpackChunks<DerivedHistory["stateRuns"][number]>(packed.stateRuns);
  return { parsed: { ...head.parsed, events }, derived: { ...head.derived, stateRuns } };
}
