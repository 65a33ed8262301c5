import type { Database as Db } from "@/lib/db/database";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/store/record-audit";
import { storePrepared, type ImportResult, type PreparedImport } from "./import-history-text";
import { prepareHistoryOffThread } from "./prepare-history-off-thread";
import { refuseExpiredHistory } from "./refuse-expired-history";
import type { SourceRef } from "@/lib/store/store-execution";

/** One file's outcome in {@link UploadsResult}. */
export interface FileOutcome {
  readonly fileName: string;
  readonly executions: ImportResult["executions"];
  readonly warnings: readonly string[];
}

/** What an upload stored: every execution (flat, as {@link ImportResult}), and per file. */
export interface UploadsResult extends ImportResult {
  readonly files: readonly FileOutcome[];
}

/**
 * Imports uploaded files as one request. Every file is parsed, checked and derived (in a
 * worker thread: see `prepareHistoryOffThread`) before
 * any is stored — everything Postgres or AWS would refuse is found then — so a request with
 * one refused file stores nothing; the `HistoryInputError` names that file and the place in
 * it (the API answers 422). Then each file is stored in one transaction of its own (whole
 * or not at all). One audit row per request says what happened: `OK` with each file's
 * executions and warnings, `REFUSED` with the refusal (nothing stored), or `FAILED` when
 * storing broke off (the database went away): the files stored before it, the file that
 * failed and why — so the audit always matches what is stored.
 */
export async function importUploads(
  db: Db,
  uploads: readonly { fileName: string; text: string | Uint8Array; executionArn?: string }[],
  options: { actor: Actor; source: SourceRef },
): Promise<UploadsResult> {
  let prepared: PreparedImport[];
  try {
    // In worker threads (parsing and deriving 25,000 events takes about a second): the server keeps answering meanwhile.
    const settled = await Promise.allSettled(
      uploads.map((u) =>
        prepareHistoryOffThread(u.text, {
          fileName: u.fileName,
          ...(u.executionArn ? { executionArn: u.executionArn } : {}),
        }),
      ),
    );
    // The first refused file in the request's order, whichever worker finished first.
    const refused = settled.find((s) => s.status === "rejected");
    if (refused !== undefined) throw refused.reason;
    prepared = settled.map((s) => (s as PromiseFulfilledResult<PreparedImport>).value);
    // Before any file is stored: a request with one expired history stores nothing.
    await refuseExpiredHistory(db, prepared, options.source);
  } catch (err) {
    await audit(db, options.actor, uploads, "REFUSED", err instanceof Error ? err.message : String(err));
    throw err;
  }
  const files: FileOutcome[] = [];
  for (const p of prepared) {
    try {
      const result = await storePrepared(db, p, options.source);
      files.push({ fileName: p.fileName, executions: result.executions, warnings: result.warnings });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await audit(db, options.actor, uploads, "FAILED", {
        stored: files,
        failed: { fileName: p.fileName, error },
      }).catch(() => {});
      throw err;
    }
  }
  await audit(
    db,
    options.actor,
    uploads,
    "OK",
    files.flatMap((f) => f.executions),
  );
  return { executions: files.flatMap((f) => f.executions), warnings: files.flatMap((f) => f.warnings), files };
}

async function audit(db: Db, actor: Actor, uploads: readonly { fileName: string }[], outcome: string, result: unknown) {
  await recordAudit(db.pool, actor, {
    action: "import",
    targetType: "execution",
    details: { files: uploads.map((u) => u.fileName), result },
    outcome,
  });
}
