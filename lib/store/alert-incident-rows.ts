import type pg from "pg";
import { withTransaction } from "@/lib/db/in-transaction";
import { recordAudit, type AuditActor } from "./record-audit";
import type { TransactionClient } from "./transaction-client";

/** An open incident as the evaluator reads it, locked in its transaction. */
export interface OpenIncidentRow {
  readonly id: string;
  readonly key: string;
  readonly openedAt: Date;
  readonly lastNotifiedAt: Date | null;
  /** The facts it keeps (the latest its condition gave). */
  readonly facts: unknown;
}

/**
 * The open incidents of rules `ruleIds`, by rule. Not row-locked: the caller holds the rules'
 * advisory locks, and only their holder opens, updates and resolves a rule's incidents (an
 * acknowledgement touches other columns). FOR UPDATE here wrote a lock into every open
 * incident's row on every evaluation, so COMMIT had a WAL flush to wait for even when nothing changed.
 */
export async function listOpenAlertIncidents(
  client: TransactionClient,
  ruleIds: readonly number[],
): Promise<Map<number, OpenIncidentRow[]>> {
  const { rows } = await client.query<{
    rule_id: number;
    id: string;
    key: string;
    opened_at: Date;
    last_notified_at: Date | null;
    facts: unknown;
  }>(
    `SELECT rule_id, id::text, key, opened_at, last_notified_at, facts FROM alert_incidents
      WHERE rule_id = ANY($1::int[]) AND status = 'OPEN'`,
    [ruleIds],
  );
  const byRule = new Map<number, OpenIncidentRow[]>();
  for (const r of rows) {
    const list = byRule.get(r.rule_id) ?? [];
    list.push({ id: r.id, key: r.key, openedAt: r.opened_at, lastNotifiedAt: r.last_notified_at, facts: r.facts });
    byRule.set(r.rule_id, list);
  }
  return byRule;
}

/** Keeps the latest facts of open incidents (counts, last seen): one statement, changed rows only. */
export async function updateAlertIncidentFacts(
  client: TransactionClient,
  updates: readonly { id: string; facts: unknown }[],
): Promise<void> {
  if (updates.length === 0) return;
  await client.query(
    `UPDATE alert_incidents i SET facts = u.facts FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, facts jsonb)
      WHERE i.id = u.id AND i.facts IS DISTINCT FROM u.facts`,
    [JSON.stringify(updates)],
  );
}

/** One target of a notification: its index in the rule's `notify`, channel, and what may be shown of it. */
export interface DeliveryTarget {
  readonly index: number;
  readonly channel: string;
  readonly label: string;
}

/** Acknowledges incident `id` (someone is on it), audited; false when there is none. */
export async function acknowledgeAlertIncident(
  pool: Pick<pg.Pool, "connect">,
  actor: AuditActor,
  id: string,
  at: Date = new Date(),
): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      "UPDATE alert_incidents SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 AND acknowledged_at IS NULL",
      [id, at, actor.name],
    );
    if (!rowCount) return false;
    await recordAudit(client, actor, {
      action: "alert.incident.acknowledge",
      targetType: "alert_incident",
      targetId: id,
      outcome: "OK",
    });
    return true;
  });
}
