import type pg from "pg";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { from as copyFrom } from "pg-copy-streams";
import type { HistoryEvent } from "@/lib/history/types";
import { historyEventRows, toHistoryEventColumns } from "./history-event-rows";

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
INSERT INTO history_events (execution_id, event_id, previous_event_id, "timestamp", type, state_name, details, start_date)
SELECT $1::bigint, r.i, r.p, r.t, r.y, r.s, r.d::jsonb, $3::timestamptz
  FROM json_to_recordset($2::json) AS r(i int, p int, t timestamptz, y text, s text, d json)
ON CONFLICT DO NOTHING`;

/**
 * Writes `events` as rows of one execution inside the caller's transaction, each carrying the
 * execution's stored `start_date` (the partition key). Returns the rows written (with
 * `unnest`, rows already there are skipped and not counted).
 */
export async function writeHistoryEvents(
  client: pg.ClientBase,
  executionId: string,
  events: readonly HistoryEvent[],
  method: EventWriteMethod = "copy",
): Promise<number> {
  const n = events.length;
  if (n === 0) return 0;
  const { rows: stored } = await client.query<{ start: string }>(
    "SELECT start_date::text AS start FROM executions WHERE id = $1",
    [executionId],
  );
  const startDate = stored[0]?.start;
  if (startDate === undefined) throw new Error(`no execution has id ${executionId}`);
  if (method === "copy") {
    await copyHistoryEvents(client, "history_events", executionId, startDate, events);
    return n;
  }
  const rows = toHistoryEventColumns(events);
  let json = "[";
  for (let i = 0; i < n; i += 1) {
    json += `${i ? "," : ""}{"i":${rows.eventIds[i]},"p":${rows.previousEventIds[i]},"t":"${rows.timestamps[i]}","y":${JSON.stringify(rows.types[i])},"s":${JSON.stringify(rows.stateNames[i] ?? null)},"d":${rows.details[i]}}`;
  }
  json += "]";
  const result = await client.query(INSERT_JSON_ROWS, [executionId, json, startDate]);
  return result.rowCount ?? 0;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/**
 * A value in COPY text format: backslash, tab, newline and carriage return are escaped;
 * null is `\N`. Most values need no escaping, and a test is cheaper than a replace.
 */
export function copyText(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/**
 * JSON text (as `JSON.stringify` writes it) in COPY text format: JSON has no raw tab,
 * newline or carriage return (they are escaped inside strings), so doubling backslashes
 * is all it takes.
 */
function copyJsonText(json: string): string {
  return json.includes("\\") ? json.replaceAll("\\", "\\\\") : json;
}

/**
 * COPY text of the rows of `events` for one execution started at `startDate` (columns in
 * {@link HISTORY_EVENT_COPY_COLUMNS} order),
 * in chunks of `chunkRows` rows: each event is serialised once, straight into the chunk,
 * and the server parses the first chunks while the rest are being encoded.
 */
export function* historyEventsCopyChunks(
  executionId: string,
  startDate: string,
  events: readonly HistoryEvent[],
  chunkRows = 500,
): Generator<string> {
  const start = copyText(startDate);
  let text = "";
  let inChunk = 0;
  for (const row of historyEventRows(events)) {
    text +=
      `${executionId}\t${row.eventId}\t${row.previousEventId}\t${copyText(row.timestamp)}\t` +
      `${copyText(row.type)}\t${copyText(row.stateName)}\t${copyJsonText(row.details)}\t${start}\n`;
    inChunk += 1;
    if (inChunk === chunkRows) {
      yield text;
      text = "";
      inChunk = 0;
    }
  }
  if (text) yield text;
}

/** Runs `COPY … FROM STDIN` (`sql`) with `chunks` as its data (COPY text format). */
export async function copyRows(client: pg.ClientBase, sql: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(oneChunkPerTurn(chunks)), client.query(copyFrom(sql)));
}

/**
 * `chunks`, one per turn of the event loop: a stream pulls the next chunk on the same turn
 * while the socket takes it, so encoding 25,000 events would otherwise hold the thread for
 * half a second.
 */
async function* oneChunkPerTurn(chunks: Iterable<string>): AsyncGenerator<string> {
  let first = true;
  for (const chunk of chunks) {
    if (!first) await nextTurn();
    first = false;
    yield chunk;
  }
}

/** The columns of {@link historyEventsCopyChunks}' rows, in order. */
export const HISTORY_EVENT_COPY_COLUMNS = `execution_id, event_id, previous_event_id, "timestamp", type, state_name, details, start_date`;

/** Loads the rows of `events` with `COPY <table> FROM STDIN` (columns {@link HISTORY_EVENT_COPY_COLUMNS}). */
export async function copyHistoryEvents(
  client: pg.ClientBase,
  table: string,
  executionId: string,
  startDate: string,
  events: readonly HistoryEvent[],
): Promise<void> {
  await copyRows(
    client,
    `COPY ${table} (${HISTORY_EVENT_COPY_COLUMNS}) FROM STDIN`,
    historyEventsCopyChunks(executionId, startDate, events),
  );
}
