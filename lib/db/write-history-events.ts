import type pg from "pg";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import type { HistoryEventColumns } from "./history-event-rows";

/**
 * `copy`: `COPY history_events FROM STDIN` straight into the table (fastest; the caller
 * must hold the execution's row lock and pass only events not stored yet, which
 * `storeExecution` does). `unnest`: one INSERT … SELECT over the rows sent as one JSON
 * document, `ON CONFLICT DO NOTHING`.
 */
export type EventWriteMethod = "unnest" | "copy";

// One JSON text parameter (stringified natively by V8, parsed once by Postgres) is far
// cheaper than node-pg's escaping of 5,000-element text[] arrays of JSON.
const INSERT_JSON_ROWS = `
INSERT INTO history_events (execution_id, event_id, previous_event_id, "timestamp", type, state_name, details)
SELECT $1::bigint, r.i, r.p, r.t, r.y, r.s, r.d::jsonb
  FROM json_to_recordset($2::json) AS r(i int, p int, t timestamptz, y text, s text, d json)
ON CONFLICT DO NOTHING`;

/**
 * Writes event rows for one execution inside the caller's transaction. Returns the rows
 * written (with `unnest`, rows already there are skipped and not counted).
 */
export async function writeHistoryEvents(
  client: pg.ClientBase,
  executionId: string,
  rows: HistoryEventColumns,
  method: EventWriteMethod = "copy",
): Promise<number> {
  const n = rows.eventIds.length;
  if (n === 0) return 0;
  if (method === "copy") {
    await copyHistoryEvents(client, "history_events", executionId, rows);
    return n;
  }
  let json = "[";
  for (let i = 0; i < n; i += 1) {
    json += `${i ? "," : ""}{"i":${rows.eventIds[i]},"p":${rows.previousEventIds[i]},"t":"${rows.timestamps[i]}","y":${JSON.stringify(rows.types[i])},"s":${JSON.stringify(rows.stateNames[i] ?? null)},"d":${rows.details[i]}}`;
  }
  json += "]";
  const result = await client.query(INSERT_JSON_ROWS, [executionId, json]);
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
