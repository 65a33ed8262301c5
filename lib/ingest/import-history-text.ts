import { deriveHistory } from "@/lib/history/derive-history";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import type { DerivedHistory, ParsedExecution } from "@/lib/history/types";
import type { Database as Db } from "@/lib/db/database";
import { storeExecution, type SourceRef } from "./store-execution";

/** What an import produced: one row per execution. */
export interface ImportResult {
  readonly executions: readonly {
    readonly executionArn: string;
    readonly status: string;
    readonly created: boolean;
    readonly eventsWritten: number;
  }[];
}

/** A file parsed and derived, not yet stored. */
export interface PreparedImport {
  readonly executions: readonly { readonly parsed: ParsedExecution; readonly derived: DerivedHistory }[];
}

/**
 * Parses (every shape `parseHistoryFile` accepts) and derives one file's text without
 * storing anything. Throws `HistoryInputError` naming the file, event and field of the fault.
 */
export function prepareHistoryText(text: string, options: { fileName: string; executionArn?: string }): PreparedImport {
  const parsed = parseHistoryFile(text, {
    fileName: options.fileName,
    ...(options.executionArn ? { executionArn: options.executionArn } : {}),
  });
  return { executions: parsed.map((p) => ({ parsed: p, derived: deriveHistory(p.events) })) };
}

/** Stores prepared executions, each in its own transaction (idempotent: a known history changes nothing). */
export async function storePrepared(db: Db, prepared: PreparedImport, source: SourceRef): Promise<ImportResult> {
  const executions = [];
  for (const { parsed, derived } of prepared.executions) {
    const stored = await storeExecution(db, parsed, derived, source);
    executions.push({
      executionArn: parsed.identity.executionArn,
      status: derived.summary.status,
      created: stored.created,
      eventsWritten: stored.eventsWritten,
    });
  }
  return { executions };
}

/** `prepareHistoryText` then `storePrepared`: a malformed file stores nothing. */
export async function importHistoryText(
  db: Db,
  text: string,
  options: { fileName: string; executionArn?: string; source: SourceRef },
): Promise<ImportResult> {
  return storePrepared(db, prepareHistoryText(text, options), options.source);
}
