import type { Database } from "@/lib/db/database";
import type { Prisma } from "@/lib/db/generated/client";
import { listTracedExecutions } from "@/lib/queries/list-traced-executions";
import { advanceTraceExport, readTraceExportState, recordTraceExportError } from "@/lib/store/trace-export-state";
import { executionSpans, type ExecutionSpanOptions } from "./execution-spans";
import type { SpanSender } from "./otlp-span-exporter";

/** Settings of an export. */
export interface ExportTracesOptions extends ExecutionSpanOptions {
  readonly sender: SpanSender;
  /** Executions per OTLP request (default 50). */
  readonly batchSize?: number;
  /** Local runs are experiments: exported only when asked for. */
  readonly includeLocal?: boolean;
  /** Called after each accepted batch with the running totals. */
  readonly onProgress?: (done: { executions: number; spans: number }) => void;
}

/** What an export sent. `busy`: another process is running the same continuous export. */
export type ExportOutcome = { readonly status: "done" | "busy"; readonly executions: number; readonly spans: number };

/**
 * Sends every ended execution changed since the exporter's cursor (`name`, the continuous
 * export is `otlp`), batch by batch; the cursor moves past a batch only once the receiver
 * accepted it, so a failed or killed export resumes from there: nothing missed, nothing sent
 * twice (but a batch in flight when the process died). One process at a time per exporter
 * (an advisory lock); a refusal is recorded on the exporter's row and thrown.
 */
export async function exportPendingTraces(
  db: Database,
  name: string,
  options: ExportTracesOptions,
): Promise<ExportOutcome> {
  const lock = await db.pool.connect();
  const key = `stepscope:traces:${name}`;
  try {
    const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [
      key,
    ]);
    if (!rows[0]?.ok) return { status: "busy", executions: 0, spans: 0 };
    try {
      const totals = { executions: 0, spans: 0 };
      for (;;) {
        const { cursorSeq } = await readTraceExportState(db, name);
        const started = performance.now();
        const sent = await sendBatch(db, { ...options, afterSeq: cursorSeq });
        if (sent === null) break;
        const ms = performance.now() - started;
        await advanceTraceExport(db, name, cursorSeq, sent.lastSeq, { ...sent, ms }).catch(() => false);
        totals.executions += sent.executions;
        totals.spans += sent.spans;
        options.onProgress?.({ ...totals });
      }
      return { status: "done", ...totals };
    } catch (error) {
      await recordTraceExportError(db, name, error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      await lock.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
    }
  } finally {
    lock.release();
  }
}

/** Which executions an on-demand export sends: those that started at or after `since`, those that match `where`. */
export interface TraceSelection {
  readonly since?: Date;
  /** A compiled query-language expression on `executions e`. */
  readonly where?: Prisma.Sql;
}

/** Sends the ended executions of `selection` (all when empty), on demand: no cursor is kept. */
export async function exportSelectedTraces(
  db: Database,
  selection: TraceSelection,
  options: ExportTracesOptions,
): Promise<ExportOutcome> {
  const totals = { executions: 0, spans: 0 };
  let afterSeq = 0n;
  for (;;) {
    const sent = await sendBatch(db, { ...options, ...selection, afterSeq });
    if (sent === null) break;
    afterSeq = sent.lastSeq;
    totals.executions += sent.executions;
    totals.spans += sent.spans;
    options.onProgress?.({ ...totals });
  }
  return { status: "done", ...totals };
}

async function sendBatch(
  db: Database,
  options: ExportTracesOptions & TraceSelection & { readonly afterSeq: bigint },
): Promise<{ lastSeq: bigint; executions: number; spans: number } | null> {
  const { executions } = await listTracedExecutions(db, {
    afterSeq: options.afterSeq,
    limit: options.batchSize ?? 50,
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.where === undefined ? {} : { where: options.where }),
    ...(options.includeLocal === undefined ? {} : { includeLocal: options.includeLocal }),
  });
  const last = executions.at(-1);
  if (last === undefined) return null;
  const spans = executions.flatMap((execution) => executionSpans(execution, options));
  await options.sender.send(spans);
  return { lastSeq: last.seq, executions: executions.length, spans: spans.length };
}
