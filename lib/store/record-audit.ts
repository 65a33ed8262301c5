import type pg from "pg";
import type { Database } from "@/lib/db/database";
import type { Actor } from "@/lib/auth/actor";

/**
 * A Prisma client or the transaction client `$transaction` hands out, or the `pg` client of a
 * transaction written with SQL (`storeExecution`'s `inTransaction`).
 */
export type AuditClient = Pick<Database["prisma"], "auditLog"> | Pick<pg.ClientBase, "query">;

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
 * Writes one audit row. Pass the transaction client of the change it records, so the row
 * and the change commit together or not at all.
 */
export async function recordAudit(client: AuditClient, actor: Actor, entry: AuditEntry): Promise<void> {
  if (!("auditLog" in client)) {
    await client.query(
      `INSERT INTO audit_logs (user_id, actor, action, target_type, target_id, details, outcome, result_execution_arn)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
      [actor.userId, actor.name, entry.action, entry.targetType ?? null, entry.targetId ?? null,
        entry.details === undefined ? null : JSON.stringify(entry.details), entry.outcome, entry.resultExecutionArn ?? null],
    );
    return;
  }
  await client.auditLog.create({
    data: {
      userId: actor.userId,
      actor: actor.name,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ...(entry.details === undefined ? {} : { details: JSON.parse(JSON.stringify(entry.details)) as object }),
      outcome: entry.outcome,
      resultExecutionArn: entry.resultExecutionArn ?? null,
    },
  });
}
