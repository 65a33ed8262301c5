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
  }>(
    `SELECT rule_id, id::text, key, opened_at, last_notified_at FROM alert_incidents
      WHERE rule_id = ANY($1::int[]) AND status = 'OPEN'`,
    [ruleIds],
  );
  const byRule = new Map<number, OpenIncidentRow[]>();
  for (const r of rows) {
    const list = byRule.get(r.rule_id) ?? [];
    list.push({ id: r.id, key: r.key, openedAt: r.opened_at, lastNotifiedAt: r.last_notified_at });
    byRule.set(r.rule_id, list);
  }
  return byRule;
}

/** Opens an incident of rule `ruleId` for `key` at `at`, audited (by the system). Returns its id. */
export async function openAlertIncident(
  client: TransactionClient,
  actor: AuditActor,
  incident: { ruleId: number; key: string; facts: unknown; at: Date },
): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO alert_incidents (rule_id, key, facts, opened_at) VALUES ($1, $2, $3::jsonb, $4) RETURNING id::text`,
    [incident.ruleId, incident.key, JSON.stringify(incident.facts), incident.at],
  );
  const id = rows[0]!.id;
  await recordAudit(client, actor, {
    action: "alert.incident.open",
    targetType: "alert_incident",
    targetId: id,
    details: { ruleId: incident.ruleId, key: incident.key },
    outcome: "OK",
  });
  return id;
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

/** Resolves open incident `id` at `at`, audited (by the system). */
export async function resolveAlertIncident(
  client: TransactionClient,
  actor: AuditActor,
  id: string,
  at: Date,
): Promise<void> {
  await client.query(
    `UPDATE alert_incidents SET status = 'RESOLVED', resolved_at = $2 WHERE id = $1 AND status = 'OPEN'`,
    [id, at],
  );
  await recordAudit(client, actor, {
    action: "alert.incident.resolve",
    targetType: "alert_incident",
    targetId: id,
    outcome: "OK",
  });
}

/** One target of a notification: its index in the rule's `notify`, channel, and what may be shown of it. */
export interface DeliveryTarget {
  readonly index: number;
  readonly channel: string;
  readonly label: string;
}

/**
 * Stores what incident `incidentId` says (`open`, `repeat`, `resolve`) with one PENDING
 * delivery per target, due at `at`, and marks the incident notified. Returns the notification's id.
 */
export async function insertAlertNotification(
  client: TransactionClient,
  notification: {
    incidentId: string;
    kind: "open" | "repeat" | "resolve";
    message: unknown;
    targets: readonly DeliveryTarget[];
    at: Date;
  },
): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO alert_notifications (incident_id, kind, message, created_at) VALUES ($1, $2, $3::jsonb, $4) RETURNING id::text`,
    [notification.incidentId, notification.kind, JSON.stringify(notification.message), notification.at],
  );
  const id = rows[0]!.id;
  if (notification.targets.length > 0) {
    await client.query(
      `INSERT INTO alert_deliveries (notification_id, channel, target_index, label, next_attempt_at)
       SELECT $1, t.channel, t.target_index, t.label, $2 FROM jsonb_to_recordset($3::jsonb) AS t(channel text, target_index int, label text)`,
      [
        id,
        notification.at,
        JSON.stringify(
          notification.targets.map((t) => ({ channel: t.channel, target_index: t.index, label: t.label })),
        ),
      ],
    );
  }
  await client.query("UPDATE alert_incidents SET last_notified_at = $2 WHERE id = $1", [
    notification.incidentId,
    notification.at,
  ]);
  return id;
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
