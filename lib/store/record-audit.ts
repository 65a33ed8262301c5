import type { Database } from "@/lib/db/database";
import type { SqlClient } from "./sql-client";

/** Who acted, as the audit row keeps it (lib/auth's `Actor` fits; the store does not import lib/auth). */
export interface AuditActor {
  readonly userId: string | null;
  readonly name: string;
}

export interface AuditEntry {
  /** Dotted verb, e.g. `execution.redrive`, `execution.replay`, `user.create`, `import`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** The parameters of the action (never secrets: no passwords, tokens or credentials). */
  details?: unknown;
  /** OK, REFUSED (not allowed / invalid), FAILED (tried and failed), or another verb-specific word. */
  outcome: "OK" | "REFUSED" | "FAILED" | "DENIED" | (string & {});
  /** The execution the action produced or started anew. */
  resultExecutionArn?: string | null;
}

/**
 * Writes one audit row. Pass the client of the transaction of the change it records (a `pg`
 * client, or `sqlClientOf(tx)` inside a Prisma transaction), so the row and the change commit
 * together or not at all; the pool when the row stands alone (a refusal, a sign-in).
 */
export async function recordAudit(client: SqlClient, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await client.query(
    `INSERT INTO audit_logs (user_id, actor, action, target_type, target_id, details, outcome, result_execution_arn)
     VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
    [
      actor.userId,
      actor.name,
      entry.action,
      entry.targetType ?? null,
      entry.targetId ?? null,
      entry.details === undefined ? null : JSON.stringify(entry.details),
      entry.outcome,
      entry.resultExecutionArn ?? null,
    ],
  );
}

/** {@link recordAudit} of a row that stands alone (a refusal, a sign-in, a sync started): its own statement on `db`. */
export function recordAuditAlone(db: Database, actor: AuditActor, entry: AuditEntry): Promise<void> {
  return recordAudit(db.pool, actor, entry);
}

/** {@link recordAudit} of many rows by one actor in one statement (in the caller's transaction), in the given order. */
export async function recordAuditRows(
  client: SqlClient,
  actor: AuditActor,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await client.query(
    `INSERT INTO audit_logs (user_id, actor, action, target_type, target_id, details, outcome, result_execution_arn)
     SELECT $1::uuid, $2, a.action, a.target_type, a.target_id, a.details, a.outcome, a.result_execution_arn
       FROM ROWS FROM (jsonb_to_recordset($3::jsonb) AS (action text, target_type text, target_id text, details jsonb, outcome text, result_execution_arn text)) WITH ORDINALITY AS a(action, target_type, target_id, details, outcome, result_execution_arn, n)
      ORDER BY a.n`,
    [
      actor.userId,
      actor.name,
      JSON.stringify(
        entries.map((e) => ({
          action: e.action,
          target_type: e.targetType ?? null,
          target_id: e.targetId ?? null,
          details: e.details === undefined ? null : e.details,
          outcome: e.outcome,
          result_execution_arn: e.resultExecutionArn ?? null,
        })),
      ),
    ],
  );
}
