import type { AuditActor } from "./record-audit";
import { recordAuditRows } from "./record-audit";
import type { TransactionClient } from "./transaction-client";
import type { DeliveryTarget } from "./alert-incident-rows";

// An evaluation's writes as a handful of statements whatever the number of incidents: one
// round trip per incident (open, audit, notification, deliveries, notified-at) cost a busy
// machine seconds when dozens opened or resolved at once.

/** An incident to open. */
export interface IncidentToOpen {
  readonly ruleId: number;
  readonly key: string;
  readonly facts: unknown;
}

const keyOf = (ruleId: number, key: string) => `${ruleId}\u0000${key}`;

/**
 * Opens incidents at `at`, each audited (`alert.incident.open`, by `actor`), in two
 * statements. Returns each one's id by `keyOf(ruleId, key)` (a rule opens a key once).
 */
export async function openAlertIncidents(
  client: TransactionClient,
  actor: AuditActor,
  incidents: readonly IncidentToOpen[],
  at: Date,
): Promise<(ruleId: number, key: string) => string> {
  const ids = new Map<string, string>();
  if (incidents.length > 0) {
    const { rows } = await client.query<{ id: string; rule_id: number; key: string }>(
      `INSERT INTO alert_incidents (rule_id, key, facts, opened_at)
       SELECT i.rule_id, i.key, i.facts, $2 FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (rule_id int, key text, facts jsonb)) WITH ORDINALITY AS i(rule_id, key, facts, n)
        ORDER BY i.n
       RETURNING id::text, rule_id, key`,
      [JSON.stringify(incidents.map((i) => ({ rule_id: i.ruleId, key: i.key, facts: i.facts }))), at],
    );
    for (const row of rows) ids.set(keyOf(row.rule_id, row.key), row.id);
    await recordAuditRows(
      client,
      actor,
      incidents.map((i) => ({
        action: "alert.incident.open",
        targetType: "alert_incident",
        targetId: ids.get(keyOf(i.ruleId, i.key))!,
        details: { ruleId: i.ruleId, key: i.key },
        outcome: "OK",
      })),
    );
  }
  return (ruleId, key) => {
    const id = ids.get(keyOf(ruleId, key));
    if (id === undefined) throw new Error(`no incident opened for rule ${ruleId} and key ${key}`);
    return id;
  };
}

/** Resolves open incidents `ids` at `at`, each audited; returns the facts each last had, by id. */
export async function resolveAlertIncidents(
  client: TransactionClient,
  actor: AuditActor,
  ids: readonly string[],
  at: Date,
): Promise<Map<string, unknown>> {
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; facts: unknown }>(
    `UPDATE alert_incidents SET status = 'RESOLVED', resolved_at = $2
      WHERE id = ANY($1::bigint[]) AND status = 'OPEN' RETURNING id::text, facts`,
    [ids, at],
  );
  await recordAuditRows(
    client,
    actor,
    rows.map((row) => ({
      action: "alert.incident.resolve",
      targetType: "alert_incident",
      targetId: row.id,
      outcome: "OK",
    })),
  );
  return new Map(rows.map((row) => [row.id, row.facts]));
}

/** A notification to store: what incident `incidentId` says, and its targets. */
export interface NotificationToInsert {
  readonly incidentId: string;
  readonly kind: "open" | "repeat" | "resolve";
  readonly message: unknown;
  readonly targets: readonly DeliveryTarget[];
}

/**
 * Stores notifications (at most one per incident) with one PENDING delivery per target,
 * due at `at`, and marks their incidents notified: one statement.
 */
export async function insertAlertNotifications(
  client: TransactionClient,
  notifications: readonly NotificationToInsert[],
  at: Date,
): Promise<void> {
  if (notifications.length === 0) return;
  await client.query(
    `WITH src AS (
       SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (incident_id bigint, kind text, message jsonb, targets jsonb)) WITH ORDINALITY AS s(incident_id, kind, message, targets, n)),
     ins AS (
       INSERT INTO alert_notifications (incident_id, kind, message, created_at)
       SELECT incident_id, kind, message, $2 FROM src ORDER BY n RETURNING id, incident_id),
     deliveries AS (
       INSERT INTO alert_deliveries (notification_id, channel, target_index, label, next_attempt_at)
       SELECT ins.id, t.channel, t.target_index, t.label, $2
         FROM ins JOIN src ON src.incident_id = ins.incident_id
         CROSS JOIN LATERAL jsonb_to_recordset(src.targets) AS t(channel text, target_index int, label text)
        ORDER BY ins.id, t.target_index)
     UPDATE alert_incidents SET last_notified_at = $2 WHERE id IN (SELECT incident_id FROM src)`,
    [
      JSON.stringify(
        notifications.map((n) => ({
          incident_id: n.incidentId,
          kind: n.kind,
          message: n.message,
          targets: n.targets.map((t) => ({ channel: t.channel, target_index: t.index, label: t.label })),
        })),
      ),
      at,
    ],
  );
}
