import type pg from "pg";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import type { HistoryEventColumns } from "./history-event-rows";

/** `unnest`: one INSERT of parallel arrays; `copy`: COPY into a temp table, then INSERT … SELECT. */
export type EventWriteMethod = "unnest" | "copy";

const INSERT_UNNEST = `
INSERT INTO history_events (execution_id, event_id, previous_event_id, "timestamp", type, state_name, details)
SELECT $1::bigint, e.* FROM unnest($2::int[], $3::int[], $4::timestamptz[], $5::text[], $6::text[], $7::jsonb[]) AS e
ON CONFLICT DO NOTHING`;

/**
 * Writes event rows for one execution inside the caller's transaction; rows already
 * there (same execution and event id) are left as they are. Returns the rows written.
 */
export async function writeHistoryEvents(
  client: pg.ClientBase,
  executionId: string,
  rows: HistoryEventColumns,
  method: EventWriteMethod = "unnest",
): Promise<number> {
  if (rows.eventIds.length === 0) return 0;
  if (method === "unnest") {
    const result = await client.query(INSERT_UNNEST, [
      executionId, rows.eventIds, rows.previousEventIds, rows.timestamps, rows.types, rows.stateNames, rows.details,
    ]);
    return result.rowCount ?? 0;
  }
  // ON COMMIT DELETE ROWS empties it at each commit, so a pooled session reuses it.
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS history_events_load
       (LIKE history_events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
  );
  await copyHistoryEvents(client, "history_events_load", executionId, rows);
  const result = await client.query(
    `INSERT INTO history_events SELECT * FROM history_events_load ON CONFLICT DO NOTHING`,
  );
  await client.query(`TRUNCATE history_events_load`);
  return result.rowCount ?? 0;
}

/** COPY text format: backslash, tab, newline and carriage return are escaped; `\N` is null. */
function copyText(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** Streams rows with `COPY <table> FROM STDIN` (columns in `history_events` order). */
export async function copyHistoryEvents(
  client: pg.ClientBase,
  table: string,
  executionId: string,
  rows: HistoryEventColumns,
): Promise<void> {
  const chunks = function* () {
    const batch: string[] = [];
    for (let i = 0; i < rows.eventIds.length; i += 1) {
      batch.push(
        `${executionId}\t${rows.eventIds[i]}\t${rows.previousEventIds[i]}\t${rows.timestamps[i]}\t` +
          `${copyText(rows.types[i] ?? "")}\t${copyText(rows.stateNames[i] ?? null)}\t${copyText(rows.details[i] ?? "{}")}\n`,
      );
      if (batch.length === 1000) yield batch.splice(0).join("");
    }
    if (batch.length) yield batch.join("");
  };
  const stream = client.query(
    copyFrom(
      `COPY ${table} (execution_id, event_id, previous_event_id, "timestamp", type, state_name, details) FROM STDIN`,
    ),
  );
  await pipeline(Readable.from(chunks()), stream);
}
