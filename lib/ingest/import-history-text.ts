import { deriveHistory } from "@/lib/history/derive-history";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import type { DerivedHistory, ParsedExecution } from "@/lib/history/types";
import type { Database as Db } from "@/lib/db/database";
import { storeExecutions, type SourceRef } from "@/lib/store/store-execution";
import { refuseExpiredHistory } from "./refuse-expired-history";

/** What an import produced: one row per execution, and what was repaired on the way in. */
export interface ImportResult {
  readonly executions: readonly {
    readonly executionArn: string;
    readonly status: string;
    readonly created: boolean;
    readonly eventsWritten: number;
  }[];
  /** One sentence per repair, prefixed with the file (e.g. a `describe-execution` status overridden by the events). */
  readonly warnings: readonly string[];
}

/** A file parsed and derived, not yet stored. */
export interface PreparedImport {
  readonly fileName: string;
  readonly executions: readonly { readonly parsed: ParsedExecution; readonly derived: DerivedHistory }[];
}

/**
 * Parses (every shape `parseHistoryFile` accepts; `input` as text or UTF-8 bytes) and
 * derives one file without storing anything. Everything the store would refuse is refused
 * here. Throws `HistoryInputError` naming the file, event and field of the fault.
 */
export function prepareHistoryText(
  input: string | Uint8Array,
  options: { fileName: string; executionArn?: string },
): PreparedImport {
  const parsed = parseHistoryFile(input, {
    fileName: options.fileName,
    ...(options.executionArn ? { executionArn: options.executionArn } : {}),
  });
  return {
    fileName: options.fileName,
    executions: parsed.map((p) => ({ parsed: p, derived: deriveHistory(p.events) })),
  };
}

/**
 * Stores one prepared file: all its executions in one transaction, so a file is stored
 * whole or not at all (idempotent: a known history changes nothing). An ended execution older
 * than the source's retention is refused (`HistoryInputError`), see {@link refuseExpiredHistory}.
 */
export async function storePrepared(db: Db, prepared: PreparedImport, source: SourceRef): Promise<ImportResult> {
  await refuseExpiredHistory(db, [prepared], source);
  const items = prepared.executions.map(({ parsed, derived }) => ({ parsed, derived, source }));
  const stored = await storeExecutions(db, items);
  const executions = prepared.executions.map(({ parsed, derived }, i) => ({
    executionArn: parsed.identity.executionArn,
    status: derived.summary.status,
    created: stored[i]!.created,
    eventsWritten: stored[i]!.eventsWritten,
  }));
  const warnings = prepared.executions.flatMap(({ parsed }) =>
    (parsed.warnings ?? []).map((w) => `${prepared.fileName}: ${parsed.identity.executionArn}: ${w}`),
  );
  return { executions, warnings };
}

/** `prepareHistoryText` then `storePrepared`: a malformed file stores nothing, a good one is stored whole. */
export async function importHistoryText(
  db: Db,
  input: string | Uint8Array,
  options: { fileName: string; executionArn?: string; source: SourceRef },
): Promise<ImportResult> {
  return storePrepared(db, prepareHistoryText(input, options), options.source);
}
