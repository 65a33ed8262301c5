import type { HistoryEvent, InputLocation } from "./types";

/**
 * Where the event at position `index` of the canonical `events` sat in the file's `raw`
 * array under `where.path` (a `--reverse-order` list was turned around by
 * `parseHistoryEvents`, so positions count from the end): its `id` and JSON Pointer.
 */
export function eventPlaces(
  raw: readonly unknown[],
  events: readonly HistoryEvent[],
  where: InputLocation,
): (index: number) => InputLocation {
  const first: unknown = raw[0];
  const firstId = typeof first === "object" && first !== null ? (first as { id?: unknown }).id : undefined;
  const reversed = events.length > 1 && firstId !== events[0]?.id;
  return (index) => {
    const event = events[index];
    const position = reversed ? raw.length - 1 - index : index;
    return { ...where, ...(event === undefined ? {} : { eventId: event.id }), path: `${where.path ?? ""}/${position}` };
  };
}
