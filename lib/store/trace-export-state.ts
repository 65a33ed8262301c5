import type { Database } from "@/lib/db/database";

/** How far an exporter has sent: the last change number, and its totals. */
export interface TraceExportState {
  readonly cursorSeq: bigint;
  readonly executionsExported: number;
  readonly spansExported: number;
  readonly lastExportAt: string | null;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
}

/** The state of the exporter `name` (created at cursor 0 on first use). */
export async function readTraceExportState(db: Database, name: string): Promise<TraceExportState> {
  const { rows } = await db.pool.query<{
    cursor_seq: string;
    executions_exported: string;
    spans_exported: string;
    last_export_at: Date | null;
    last_error: string | null;
    last_error_at: Date | null;
  }>(
    `INSERT INTO trace_export_state (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
     RETURNING cursor_seq::text, executions_exported::text, spans_exported::text, last_export_at, last_error, last_error_at`,
    [name],
  );
  const row = rows[0]!;
  return {
    cursorSeq: BigInt(row.cursor_seq),
    executionsExported: Number(row.executions_exported),
    spansExported: Number(row.spans_exported),
    lastExportAt: row.last_export_at?.toISOString() ?? null,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at?.toISOString() ?? null,
  };
}

/**
 * Moves the exporter's cursor past a batch the receiver accepted. Only forward, and only
 * from where it was (`from`): a second exporter that sent the same batch meanwhile loses.
 */
export async function advanceTraceExport(
  db: Database,
  name: string,
  from: bigint,
  to: bigint,
  counts: { readonly executions: number; readonly spans: number; readonly ms: number },
): Promise<boolean> {
  const { rowCount } = await db.pool.query(
    `UPDATE trace_export_state SET cursor_seq = $3, executions_exported = executions_exported + $4,
            spans_exported = spans_exported + $5, last_batch_spans = $5, last_batch_ms = $6,
            last_export_at = now(), last_error = NULL, last_error_at = NULL, updated_at = now()
      WHERE name = $1 AND cursor_seq = $2`,
    [name, String(from), String(to), counts.executions, counts.spans, Math.round(counts.ms)],
  );
  return rowCount === 1;
}

/** Records why the last export failed (the cursor stays where it was). */
export async function recordTraceExportError(db: Database, name: string, message: string): Promise<void> {
  await db.pool.query(
    `UPDATE trace_export_state SET last_error = $2, last_error_at = now(), updated_at = now() WHERE name = $1`,
    [name, message.slice(0, 2000)],
  );
}
