import type pg from "pg";
import { recordAudit, type AuditActor } from "./record-audit";

/** A delivery claimed for sending, with its notification's message and its rule's targets. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly channel: string;
  readonly targetIndex: number;
  readonly attempts: number;
  readonly message: unknown;
  readonly notify: unknown;
  readonly ruleName: string;
}

/**
 * Claims up to `limit` PENDING deliveries due at `now` (SKIP LOCKED: two senders never take
 * the same one) and leases them for `leaseMs`, so a sender that dies mid-send leaves them due
 * again once the lease ends rather than lost.
 */
export async function claimDueAlertDeliveries(
  pool: Pick<pg.Pool, "query">,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const { rows } = await pool.query<{
    id: string;
    channel: string;
    target_index: number;
    attempts: number;
    message: unknown;
    notify: unknown;
    rule_name: string;
  }>(
    `WITH due AS (
       SELECT id FROM alert_deliveries WHERE state = 'PENDING' AND next_attempt_at <= $1
        ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED),
     claimed AS (
       UPDATE alert_deliveries d SET next_attempt_at = $1::timestamptz + make_interval(secs => $2::float8 / 1000)
         FROM due WHERE d.id = due.id RETURNING d.id, d.notification_id, d.channel, d.target_index, d.attempts)
     SELECT c.id::text, c.channel, c.target_index, c.attempts, n.message, r.notify, r.name AS rule_name
       FROM claimed c JOIN alert_notifications n ON n.id = c.notification_id
       JOIN alert_incidents i ON i.id = n.incident_id JOIN alert_rules r ON r.id = i.rule_id
      ORDER BY c.id`,
    [now, leaseMs, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    targetIndex: r.target_index,
    attempts: r.attempts,
    message: r.message,
    notify: r.notify,
    ruleName: r.rule_name,
  }));
}

/** What one attempt at a delivery came to. */
export type DeliveryAttemptOutcome =
  | { readonly outcome: "delivered"; readonly at: Date }
  | { readonly outcome: "retry"; readonly error: string; readonly nextAttemptAt: Date }
  | { readonly outcome: "failed"; readonly error: string };

/** Records an attempt at delivery `id`; the final outcomes (delivered, failed) are audited. */
export async function recordAlertDeliveryAttempt(
  pool: Pick<pg.Pool, "query">,
  actor: AuditActor,
  id: string,
  attempt: DeliveryAttemptOutcome,
): Promise<void> {
  switch (attempt.outcome) {
    case "delivered":
      await pool.query(
        `UPDATE alert_deliveries SET state = 'DELIVERED', attempts = attempts + 1, delivered_at = $2, last_error = NULL WHERE id = $1`,
        [id, attempt.at],
      );
      break;
    case "retry":
      await pool.query(
        `UPDATE alert_deliveries SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1`,
        [id, attempt.error, attempt.nextAttemptAt],
      );
      return;
    case "failed":
      await pool.query(
        `UPDATE alert_deliveries SET state = 'FAILED', attempts = attempts + 1, last_error = $2 WHERE id = $1`,
        [id, attempt.error],
      );
      break;
    default: {
      const unreachable: never = attempt;
      throw new Error(`unknown delivery outcome ${String(unreachable)}`);
    }
  }
  await recordAudit(pool, actor, {
    action: "alert.delivery",
    targetType: "alert_delivery",
    targetId: id,
    details: attempt.outcome === "failed" ? { error: attempt.error } : {},
    outcome: attempt.outcome === "delivered" ? "OK" : "FAILED",
  });
}
