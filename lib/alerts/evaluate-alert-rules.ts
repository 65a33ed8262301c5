import type { Database } from "@/lib/db/database";
import { inTransaction } from "@/lib/db/in-transaction";
import { loadPriceTable } from "@/lib/cost/load-price-table";
import { systemActor } from "@/lib/auth/actor";
import { listAlertRules } from "@/lib/queries/list-alert-rules";
import {
  insertAlertNotification,
  listOpenAlertIncidents,
  openAlertIncident,
  resolveAlertIncident,
  updateAlertIncidentFacts,
  type DeliveryTarget,
  type OpenIncidentRow,
} from "@/lib/store/alert-incident-rows";
import type { TransactionClient } from "@/lib/store/transaction-client";
import type { AlertFacts, AlertSignal } from "@/lib/queries/alert-signals/alert-signal";
import type { StoredAlertRule } from "@/lib/store/alert-rule-schema";
import { formatAlertMessage, type AlertMessage } from "./format-alert-message";
import { readAlertSignalsBatch, type ReadSignals } from "./read-alert-signals";
import { targetLabel } from "./send-alert";

/** Settings of {@link evaluateAlertRules}. */
export interface EvaluateAlertRulesOptions {
  /** The evaluation's clock; default the current time. */
  readonly now?: Date;
  /** Links in messages start with it (`STEPSCOPE_PUBLIC_URL`). */
  readonly publicUrl: string;
  /** How the conditions are read: default one query per condition kind ({@link readAlertSignalsBatch}). */
  readonly readSignals?: ReadSignals;
}

/** What an evaluation's notification says (a `test` message is only ever sent from the page). */
type NotificationKind = Exclude<AlertMessage["kind"], "test">;

/** A notification an evaluation queued. */
export interface QueuedNotification {
  readonly rule: string;
  readonly kind: NotificationKind;
  readonly incidentId: string;
  readonly title: string;
  /** Deliveries queued (0 while the rule is muted or names no target). */
  readonly deliveries: number;
}

/** What one evaluation did. */
export interface AlertEvaluation {
  readonly rules: number;
  /** Rules another evaluator held at the time (it decides for them). */
  readonly skipped: number;
  readonly notifications: QueuedNotification[];
}

/**
 * Evaluates every rule once at `now`: for each key its condition holds for, an incident
 * opens (with an `open` notification); an open incident repeats its notification every
 * `repeatMinutes`; one whose condition cleared resolves (with a `resolve` notification).
 * The rules are decided in one transaction, each under its advisory lock taken with
 * try-lock, so two evaluators at once never both notify: the second skips the rules the
 * first holds. Muted rules open and resolve incidents without notifying. Deliveries are
 * queued, not sent (see `deliverDueAlerts`).
 */
export async function evaluateAlertRules(db: Database, options: EvaluateAlertRulesOptions): Promise<AlertEvaluation> {
  const now = options.now ?? new Date();
  const [rules, prices] = await Promise.all([listAlertRules(db.pool), loadPriceTable(db, now)]);
  if (rules.length === 0) return { rules: 0, skipped: 0, notifications: [] };
  const client = await db.pool.connect();
  try {
    // One transaction and one read of the open incidents for all rules: a transaction per rule
    // cost 50 rules 300 statements and 50 commits, each a round trip that waits its turn on a busy machine.
    return await inTransaction(client, async () => {
      const { rows: held } = await client.query<{ id: number }>(
        `SELECT id FROM unnest($1::int[]) AS id
          WHERE pg_try_advisory_xact_lock(hashtextextended('stepscope-alert-rule:' || id, 0))`,
        [rules.map((rule) => rule.id)],
      );
      const mine = new Set(held.map((row) => row.id));
      const open = await listOpenAlertIncidents(client, [...mine]);
      // Every rule's condition in one query per kind (50 rules: 5 scans, not 50).
      const read = options.readSignals ?? readAlertSignalsBatch;
      const signals = await read(
        client,
        rules.filter((rule) => mine.has(rule.id)),
        now,
        prices,
      );
      const lasting: LastingIncident[] = [];
      const notifications: QueuedNotification[] = [];
      for (const rule of rules) {
        if (!mine.has(rule.id)) continue;
        const context = {
          rule,
          signals: signals.get(rule.id) ?? [],
          open: open.get(rule.id) ?? [],
          lasting,
          now,
          publicUrl: options.publicUrl,
        };
        notifications.push(...(await decideRule(client, context)));
      }
      // One statement for every incident that lasts (hundreds at once must not cost a round trip each).
      await updateAlertIncidentFacts(client, lasting);
      return { rules: rules.length, skipped: rules.length - mine.size, notifications };
    });
  } finally {
    client.release();
  }
}

interface LastingIncident {
  readonly id: string;
  readonly facts: unknown;
}

async function decideRule(
  client: TransactionClient,
  context: {
    rule: StoredAlertRule;
    signals: readonly AlertSignal[];
    open: readonly OpenIncidentRow[];
    /** Collects the incidents that last, with their latest facts. */
    lasting: LastingIncident[];
    now: Date;
    publicUrl: string;
  },
): Promise<QueuedNotification[]> {
  const { rule, signals, now, publicUrl } = context;
  const open = new Map(context.open.map((incident) => [incident.key, incident]));
  const muted = rule.mutedUntil !== null && rule.mutedUntil > now;
  const targets: DeliveryTarget[] = muted
    ? []
    : rule.notify.map((target, index) => ({ index, channel: target.channel, label: targetLabel(target) }));
  const queued: QueuedNotification[] = [];
  const notify = async (
    kind: NotificationKind,
    incident: { id: string; key: string; openedAt: Date },
    facts: AlertFacts,
  ): Promise<void> => {
    if (muted) return;
    const message = formatAlertMessage({
      kind,
      rule: { id: rule.id, name: rule.name, condition: rule.condition.kind },
      incident: {
        id: incident.id,
        key: incident.key,
        openedAt: incident.openedAt.toISOString(),
        resolvedAt: kind === "resolve" ? now.toISOString() : null,
      },
      facts,
      publicUrl,
      at: now,
    });
    await insertAlertNotification(client, { incidentId: incident.id, kind, message, targets, at: now });
    queued.push({ rule: rule.name, kind, incidentId: incident.id, title: message.title, deliveries: targets.length });
  };

  const active = new Set<string>();
  for (const signal of signals) {
    active.add(signal.key);
    const incident = open.get(signal.key);
    if (!incident) {
      const id = await openAlertIncident(client, systemActor, {
        ruleId: rule.id,
        key: signal.key,
        facts: signal.facts,
        at: now,
      });
      await notify("open", { id, key: signal.key, openedAt: now }, signal.facts);
      continue;
    }
    context.lasting.push({ id: incident.id, facts: signal.facts });
    const repeatMs = rule.repeatMinutes === null ? null : rule.repeatMinutes * 60_000;
    const last = (incident.lastNotifiedAt ?? incident.openedAt).getTime();
    if (repeatMs !== null && now.getTime() - last >= repeatMs) await notify("repeat", incident, signal.facts);
  }
  for (const incident of open.values()) {
    if (active.has(incident.key)) continue;
    await resolveAlertIncident(client, systemActor, incident.id, now);
    const { rows } = await client.query<{ facts: AlertFacts }>("SELECT facts FROM alert_incidents WHERE id = $1", [
      incident.id,
    ]);
    await notify("resolve", incident, rows[0]!.facts);
  }
  return queued;
}
