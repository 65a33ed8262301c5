import { sqlParam } from "./analytics-filter-sql";

/** The Monday (UTC, `YYYY-MM-DD`) on or after `day`: where weekly rollup rows can take over from daily ones. */
export function nextMonday(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return new Date(t + ((8 - new Date(t).getUTCDay()) % 7) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A rollup's rows from `startDay` on (all when null) as a derived table: the daily table's
 * rows up to the next Monday, then the weekly table's (ISO weeks, kept equal to the daily
 * rows summed by triggers) — a quarter's rows are ~5× fewer. `columns` must not name the
 * day or week. Values go in `values` as parameters.
 */
export function rollupSinceSql(
  tables: { daily: string; weekly: string },
  columns: string,
  startDay: string | null,
  values: unknown[],
): string {
  if (startDay === null) return `(SELECT ${columns} FROM ${tables.weekly})`;
  const from = sqlParam(values, startDay);
  const cut = sqlParam(values, nextMonday(startDay));
  return `(SELECT ${columns} FROM ${tables.daily} WHERE day >= ${from}::date AND day < ${cut}::date
           UNION ALL SELECT ${columns} FROM ${tables.weekly} WHERE week >= ${cut}::date)`;
}

/** The per-state rollups (runs, transitions, attempts, retries) from `startDay` on. */
export const stateRollupsSince = (startDay: string | null, values: unknown[]) =>
  rollupSinceSql(
    { daily: "state_daily_rollups", weekly: "state_weekly_rollups" },
    "state_machine_id, source_id, state_name, runs, transitions, attempts, retries, retried_runs, retried_succeeded, retries_exhausted",
    startDay,
    values,
  );
