import type { EventDetails, HistoryEvent } from "./types";

/** The event's one `*EventDetails` member, or an empty object when it carries none. */
export function eventDetails(event: HistoryEvent): EventDetails {
  for (const key of Object.keys(event)) {
    if (key.endsWith("EventDetails")) {
      const value = event[key as `${string}EventDetails`];
      if (value !== undefined) return value;
    }
  }
  return {};
}

/** `details[field]` when it is a string (payloads, `error`, `cause`, `name`), else null. */
export function detailString(details: EventDetails, field: string): string | null {
  const value = details[field];
  return typeof value === "string" ? value : null;
}

/** `details[field]` when it is a finite number (`index`, `length`), else null. */
export function detailNumber(details: EventDetails, field: string): number | null {
  const value = details[field];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
