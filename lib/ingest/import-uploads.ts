import type { Database as Db } from "@/lib/db/database";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/actions/audit";
import { prepareHistoryText, storePrepared, type ImportResult } from "./import-history-text";
import type { SourceRef } from "./store-execution";

/**
 * Imports uploaded files: every file is parsed and derived before any is stored, so a request with one malformed file stores nothing and
 * the error names that file and the place in it. Writes one audit row per request.
 */
export async function importUploads(
  db: Db,
  uploads: readonly { fileName: string; text: string; executionArn?: string }[],
  options: { actor: Actor; source: SourceRef },
): Promise<ImportResult> {
  const executions: ImportResult["executions"][number][] = [];
  try {
    const prepared = uploads.map((u) =>
      prepareHistoryText(u.text, { fileName: u.fileName, ...(u.executionArn ? { executionArn: u.executionArn } : {}) }),
    );
    for (const p of prepared) executions.push(...(await storePrepared(db, p, options.source)).executions);
  } catch (err) {
    await audit(db, options.actor, uploads, "REFUSED", err instanceof Error ? err.message : String(err));
    throw err;
  }
  await audit(db, options.actor, uploads, "OK", executions);
  return { executions };
}

async function audit(db: Db, actor: Actor, uploads: readonly { fileName: string }[], outcome: string, result: unknown) {
  await recordAudit(db.prisma, actor, {
    action: "import",
    targetType: "execution",
    details: { files: uploads.map((u) => u.fileName), result },
    outcome,
  });
}
