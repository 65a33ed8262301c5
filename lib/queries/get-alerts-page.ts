import type pg from "pg";
import type { AlertCondition, AlertScope, StoredTarget } from "@/lib/store/alert-rule-schema";
import { listAlertRules } from "./list-alert-rules";

/** A rule as the Alerts page lists it (targets are references and addresses, never secrets). */
export interface AlertRuleView {
  readonly id: number;
  readonly name: string;
  readonly scope: AlertScope;
  readonly when: AlertCondition;
  readonly notify: readonly StoredTarget[];
  readonly repeatMinutes: number | null;
  readonly origin: string;
  readonly mutedUntil: string | null;
  readonly openIncidents: number;
}

/** One delivery of a notification and its outcome. */
export interface AlertDeliveryView {
  readonly id: string;
  readonly channel: string;
  readonly label: string;
  readonly state: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
  readonly nextAttemptAt: string;
}

/** An incident with what it said and how each message went. */
export interface AlertIncidentView {
  readonly id: string;
  readonly rule: string;
  readonly key: string;
  readonly status: string;
  readonly summary: string;
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly notifications: readonly {
    readonly id: string;
    readonly kind: string;
    readonly createdAt: string;
    readonly deliveries: readonly AlertDeliveryView[];
  }[];
}

export interface AlertsPage {
  readonly rules: readonly AlertRuleView[];
  readonly incidents: readonly AlertIncidentView[];
}

/** The Alerts page: every rule, and the latest 100 incidents (open first) with notifications and deliveries. */
export async function getAlertsPage(pool: Pick<pg.Pool, "query">): Promise<AlertsPage> {
  const [rules, open, incidents] = await Promise.all([
    listAlertRules(pool),
    pool.query<{ rule_id: number; n: number }>(
      "SELECT rule_id, count(*)::int AS n FROM alert_incidents WHERE status = 'OPEN' GROUP BY 1",
    ),
    pool.query<{ incident: AlertIncidentView }>(
      `SELECT json_build_object(
                'id', i.id::text, 'rule', r.name, 'key', i.key, 'status', i.status, 'summary', i.facts->>'summary',
                'openedAt', i.opened_at, 'resolvedAt', i.resolved_at, 'acknowledgedAt', i.acknowledged_at,
                'acknowledgedBy', i.acknowledged_by,
                'notifications', COALESCE((
                  SELECT json_agg(json_build_object('id', n.id::text, 'kind', n.kind, 'createdAt', n.created_at,
                           'deliveries', COALESCE((
                             SELECT json_agg(json_build_object('id', d.id::text, 'channel', d.channel, 'label', d.label,
                                      'state', d.state, 'attempts', d.attempts, 'lastError', d.last_error,
                                      'deliveredAt', d.delivered_at, 'nextAttemptAt', d.next_attempt_at) ORDER BY d.target_index)
                               FROM alert_deliveries d WHERE d.notification_id = n.id), '[]'::json)) ORDER BY n.id)
                    FROM alert_notifications n WHERE n.incident_id = i.id), '[]'::json)) AS incident
         FROM alert_incidents i JOIN alert_rules r ON r.id = i.rule_id
        ORDER BY i.status = 'OPEN' DESC, i.opened_at DESC, i.id DESC LIMIT 100`,
    ),
  ]);
  const openByRule = new Map(open.rows.map((r) => [r.rule_id, r.n]));
  return {
    rules: rules.map((r) => ({
      id: r.id,
      name: r.name,
      scope: r.scope,
      when: r.condition,
      notify: r.notify,
      repeatMinutes: r.repeatMinutes,
      origin: r.origin,
      mutedUntil: r.mutedUntil?.toISOString() ?? null,
      openIncidents: openByRule.get(r.id) ?? 0,
    })),
    incidents: incidents.rows.map((r) => r.incident),
  };
}
