import type pg from "pg";
import type { Database } from "@/lib/db/database";
import { inTransaction } from "@/lib/db/in-transaction";
import { applyRollupDelta } from "./apply-rollup-delta";
import { FAILURE_SIGNATURE_VERSION, getFailureSignature } from "@/lib/analytics/failure-signature";

/** `app_settings` key: the {@link FAILURE_SIGNATURE_VERSION} the stored failures are signed with. */
export const failureSignatureVersionKey = "analytics.failure_signature_version";

const LOCK = "SELECT pg_advisory_lock(hashtext('stepscope.resign-failures'))";
const UNLOCK = "SELECT pg_advisory_unlock(hashtext('stepscope.resign-failures'))";

/**
 * Gives every stored failure the signature of the current rules, once per rules version:
 * an execution whose signature changes has its analytics share taken out under the old
 * signature and put back under the new one (`applyRollupDelta` −1 then +1, in one
 * transaction per batch that locks its executions), so each failure group counts it
 * exactly once. The others are left alone. Returns how many executions changed group.
 * An advisory lock serialises concurrent callers; the version marker makes later calls
 * (and the one that waited) do nothing. A crash redoes only the unfinished batch.
 */
export async function resignFailures(db: Database, options: { readonly batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const client = await db.pool.connect();
  try {
    if (await isCurrent(client)) return 0;
    await client.query(LOCK);
    if (await isCurrent(client)) return 0;
    let lastId = "0";
    let changed = 0;
    for (;;) {
      const batch = await inTransaction(client, async () => {
        const { rows } = await client.query<{
          id: string;
          failure_signature: string;
          arn: string;
          root_cause_state: string | null;
          error: string | null;
          cause: string | null;
        }>(
          `SELECT e.id::text, e.failure_signature, m.arn, e.root_cause_state,
                  COALESCE(e.root_cause_error, e.error) AS error, COALESCE(e.root_cause_cause, e.cause) AS cause
             FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
            WHERE e.failure_signature IS NOT NULL AND e.id > $1::bigint
            ORDER BY e.id LIMIT $2 FOR UPDATE OF e`,
          [lastId, batchSize],
        );
        const stale = rows
          .filter(
            (r) =>
              getFailureSignature({
                stateMachine: r.arn,
                rootCauseState: r.root_cause_state,
                error: r.error,
                cause: r.cause,
              }).signature !== r.failure_signature,
          )
          .map((r) => r.id);
        // The daily rollup does not hold failure groups: only the analytics move.
        await applyRollupDelta(client, stale, -1, { scope: "analytics" });
        await applyRollupDelta(client, stale, 1, { scope: "analytics" });
        return { last: rows[rows.length - 1]?.id ?? null, stale: stale.length };
      });
      changed += batch.stale;
      if (batch.last === null) break;
      lastId = batch.last;
    }
    await client.query(
      `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [failureSignatureVersionKey, JSON.stringify(FAILURE_SIGNATURE_VERSION)],
    );
    return changed;
  } finally {
    await client.query(UNLOCK).catch(() => {});
    client.release();
  }
}

async function isCurrent(client: pg.ClientBase): Promise<boolean> {
  // No marker: signed by a version before markers existed (or nothing stored yet: the pass is then cheap).
  const { rows } = await client.query<{ value: unknown }>("SELECT value FROM app_settings WHERE key = $1", [
    failureSignatureVersionKey,
  ]);
  return rows[0]?.value === FAILURE_SIGNATURE_VERSION;
}
