import type { PrismaClient } from "@/lib/db/generated/client";
import { toCsvLine } from "@/lib/format/to-csv-line";
import type { ExecutionListParams } from "./execution-list-params";
import type { ExecutionListRow } from "./execution-list-types";
import { readExecutionBatches, type ReadExecutionBatchesOptions } from "./read-execution-batches";

import type { ExecutionExportFormat } from "./execution-export-format";

export { executionExportFormats, type ExecutionExportFormat } from "./execution-export-format";

/** The export's columns (the CSV header, the JSON Lines keys), in order, and each one's value. */
export const executionExportColumns = [
  ["executionArn", (r) => r.executionArn],
  ["name", (r) => r.name],
  ["stateMachineName", (r) => r.stateMachineName],
  ["stateMachineArn", (r) => r.stateMachineArn],
  ["type", (r) => r.type],
  ["status", (r) => r.status],
  ["startDate", (r) => r.startDate],
  ["stopDate", (r) => r.stopDate],
  ["durationMs", (r) => r.durationMs],
  ["error", (r) => r.error],
  ["cause", (r) => r.cause],
  ["rootCauseState", (r) => r.rootCauseState],
  ["rootCauseError", (r) => r.rootCauseError],
  ["source", (r) => r.sourceName],
  ["sourceKind", (r) => r.sourceKind],
  ["redriveCount", (r) => r.redriveCount],
  ["eventCount", (r) => r.eventCount],
] as const satisfies readonly (readonly [string, (r: ExecutionListRow) => string | number | null])[];

/** The media type and file extension of each format. */
export const executionExportTypes: Record<ExecutionExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: "text/csv; charset=utf-8; header=present", extension: "csv" },
  jsonl: { contentType: "application/jsonl; charset=utf-8", extension: "jsonl" },
};

/** One execution as a JSON Lines record (the CSV's columns as keys, nulls kept). */
export function toExportRecord(r: ExecutionListRow): Record<string, string | number | null> {
  return Object.fromEntries(executionExportColumns.map(([key, of]) => [key, of(r)]));
}

/**
 * The executions the list's filters and query select, in its sort, as text chunks of the
 * format (the CSV's header first), one chunk a batch of rows: see `readExecutionBatches` for
 * the paging, which bounds memory whatever the total. A wrong query throws here, before any chunk.
 */
export function exportExecutions(
  db: PrismaClient,
  params: ExecutionListParams,
  format: ExecutionExportFormat,
  opts: ReadExecutionBatchesOptions = {},
): AsyncGenerator<string> {
  const batches = readExecutionBatches(db, params, { ...opts, wholeCause: true });
  const line =
    format === "csv"
      ? (r: ExecutionListRow) => toCsvLine(executionExportColumns.map(([, of]) => of(r)))
      : (r: ExecutionListRow) => `${JSON.stringify(toExportRecord(r))}\n`;
  return (async function* () {
    if (format === "csv") yield toCsvLine(executionExportColumns.map(([key]) => key));
    for await (const rows of batches) yield rows.map(line).join("");
  })();
}
