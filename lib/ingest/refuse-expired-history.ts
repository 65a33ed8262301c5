import type { Database as Db } from "@/lib/db/database";
import { HistoryInputError } from "@/lib/history/history-input-error";
import { retentionPolicyRow } from "@/lib/store/retention-policy-row";
import { formatRetentionDays, getRetentionCutoff, getSourceRetention } from "@/lib/retention/retention-policy";
import type { SourceRef } from "@/lib/store/store-execution";
import type { PreparedImport } from "./import-history-text";

/**
 * Refuses a file holding an ended execution that the retention policy of `source` has
 * already expired: stored, it would be removed by the next retention pass, so it is not
 * stored at all, and the message says why and what to change. A RUNNING execution is
 * never refused (retention never removes one). Throws {@link HistoryInputError}.
 */
export async function refuseExpiredHistory(
  db: Pick<Db, "pool">,
  files: readonly PreparedImport[],
  source: SourceRef,
  now: Date = new Date(),
): Promise<void> {
  const rule = getSourceRetention(await retentionPolicyRow.read(db.pool), source.name);
  const cutoff = getRetentionCutoff(rule.executionDays, now);
  if (cutoff === null) return;
  for (const file of files) {
    for (const { parsed, derived } of file.executions) {
      const { status, startDate } = derived.summary;
      if (status === "RUNNING" || new Date(startDate) >= cutoff) continue;
      throw new HistoryInputError(
        { file: file.fileName },
        `${parsed.identity.executionArn} started ${startDate.slice(0, 10)}, before the retention cutoff of source '${source.name}' ` +
          `(executions kept ${formatRetentionDays(rule.executionDays)}, so since ${cutoff.toISOString().slice(0, 10)}): not stored. ` +
          `An admin can lengthen the retention on the Sources page (Retention) to import it.`,
      );
    }
  }
}
