const ISO_8601 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/;

/** The unit of a numeric timestamp: the AWS CLI prints epoch seconds, Express logs epoch ms. */
export type EpochUnit = "seconds" | "milliseconds";

/**
 * Converts a `timestamp` as AWS surfaces it into canonical ISO-8601 UTC with millisecond
 * precision (`Date#toISOString()` form): an ISO string with offset (the CLI's
 * `2024-03-17T11:10:40.123000+00:00`; fractions beyond ms are truncated), an epoch number
 * in `unit` (default `seconds`, as the CLI prints), or a JS `Date` (SDK responses).
 * Returns null when the value is not a valid timestamp, or not in the years 1–9999.
 */
export function canonicalTimestamp(value: unknown, unit: EpochUnit = "seconds"): string | null {
  const iso = toIso(value, unit);
  // Years outside 0001–9999 print as ±YYYYYY, which Postgres's timestamptz refuses (and AWS never sends).
  return iso === null || !YEAR_1_TO_9999.test(iso) ? null : iso;
}

const YEAR_1_TO_9999 = /^(?!0000)\d{4}-/;

function toIso(value: unknown, unit: EpochUnit): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    const ms = unit === "seconds" ? Math.round(value * 1000) : Math.round(value);
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  if (typeof value !== "string") return null;
  const match = ISO_8601.exec(value);
  if (match === null) return null;
  const fraction = (match[2] ?? "").slice(0, 3).padEnd(3, "0");
  const date = new Date(`${match[1]}.${fraction}${match[3]}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
