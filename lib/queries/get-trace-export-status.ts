import type { Database } from "@/lib/db/database";

/** Executions the status counts as waiting, at most (a larger backlog shows as this many and more). */
export const PENDING_COUNT_CAP = 100_000;

/** How an exporter is doing, as the Sources page shows it. */
export interface TraceExportStatus {
  readonly executionsExported: number;
  readonly spansExported: number;
  readonly lastExportAt: string | null;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  /** Ended executions changed after the cursor: not sent yet (at most {@link PENDING_COUNT_CAP}, then `pendingIsLowerBound`). */
  readonly pending: number;
  readonly pendingIsLowerBound: boolean;
  /** When the longest-waiting of them was last changed (its stop), or null when none waits. */
  readonly oldestPendingAt: string | null;
  /** Spans per second of the last accepted batch (read, built, sent), or null before the first. */
  readonly spansPerSecond: number | null;
}

/**
 * The status of exporter `name` (`otlp`, the continuous export) from `trace_export_state`, a
 * read only: an exporter that never ran has sent nothing and everything ended waits.
 * `includeLocal`: whether the exporter sends local runs (they count as waiting only then).
 */
export async function getTraceExportStatus(
  db: Database,
  name: string,
  options: { readonly includeLocal: boolean },
): Promise<TraceExportStatus> {
  const { rows } = await db.pool.query<{
    cursor_seq: string;
    executions_exported: string;
    spans_exported: string;
    last_export_at: Date | null;
    last_error: string | null;
    last_error_at: Date | null;
    last_batch_spans: number | null;
    last_batch_ms: number | null;
  }>(
    `SELECT cursor_seq::text, executions_exported::text, spans_exported::text, last_export_at, last_error,
            last_error_at, last_batch_spans, last_batch_ms
       FROM trace_export_state WHERE name = $1`,
    [name],
  );
  const row = rows[0];
  // The waiting executions in change order, capped: the change number's index answers it.
  const { rows: waiting } = await db.pool.query<{ n: string; oldest: Date | null }>(
    `SELECT count(*)::text AS n, min(stop_date) AS oldest FROM (
       SELECT e.stop_date FROM executions e
        WHERE e.change_seq > $1 AND e.status <> 'RUNNING'
          AND ($2::boolean OR e.source_id NOT IN (SELECT id FROM sources WHERE kind = 'LOCAL'))
        ORDER BY e.change_seq LIMIT $3) w`,
    [row?.cursor_seq ?? "0", options.includeLocal, PENDING_COUNT_CAP + 1],
  );
  const pending = Number(waiting[0]?.n ?? 0);
  const batchMs = row?.last_batch_ms ?? null;
  return {
    executionsExported: Number(row?.executions_exported ?? 0),
    spansExported: Number(row?.spans_exported ?? 0),
    lastExportAt: row?.last_export_at?.toISOString() ?? null,
    lastError: row?.last_error ?? null,
    lastErrorAt: row?.last_error_at?.toISOString() ?? null,
    pending: Math.min(pending, PENDING_COUNT_CAP),
    pendingIsLowerBound: pending > PENDING_COUNT_CAP,
    oldestPendingAt: waiting[0]?.oldest?.toISOString() ?? null,
    spansPerSecond:
      row?.last_batch_spans == null || batchMs === null ? null : (row.last_batch_spans * 1000) / Math.max(batchMs, 1),
  };
}
