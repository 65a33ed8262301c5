import { isDeepStrictEqual } from "node:util";
import type { Database } from "@/lib/db/database";
import { inTransaction } from "@/lib/db/in-transaction";
import { loadPriceTable } from "@/lib/cost/load-price-table";
import { systemActor } from "@/lib/auth/actor";
import { listAlertRules } from "@/lib/queries/list-alert-rules";
import {
  listOpenAlertIncidents,
  updateAlertIncidentFacts,
  type DeliveryTarget,
  type OpenIncidentRow,
} from "@/lib/store/alert-incident-rows";
import {
  insertAlertNotifications,
  openAlertIncidents,
  resolveAlertIncidents,
  type NotificationToInsert,
} from "@/lib/store/alert-incident-batch";
import type { TransactionClient } from "@/lib/store/transaction-client";
import type { AlertFacts, AlertSignal } from "@/lib/queries/alert-signals/alert-signal";
import type { StoredAlertRule } from "@/lib/store/alert-rule-schema";
import { formatAlertMessage, type AlertMessage } from "./format-alert-message";
import { readAlertSignalsFromRollups, type ReadSignals } from "./read-alert-signals";
import { targetLabel } from "./send-alert";

/** Settings of {@link evaluateAlertRules}. */
export interface EvaluateAlertRulesOptions {
  /** The evaluation's clock; default the current time. */
  readonly now?: Date;
  /** Links in messages start with it (`STEPSCOPE_PUBLIC_URL`). */
  readonly publicUrl: string;
  /** How the conditions are read: default the rollups, one query per condition kind ({@link readAlertSignalsFromRollups}). */
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
      // Every rule's condition in one query per kind (50 rules: 5 reads, not 50), from the rollups.
      const read = options.readSignals ?? readAlertSignalsFromRollups;
      const signals = await read(
        client,
        rules.filter((rule) => mine.has(rule.id)),
        now,
        prices,
      );
      // Decide every rule first, then write: a handful of statements whatever the number of incidents.
      const decisions = rules
        .filter((rule) => mine.has(rule.id))
        .map((rule) => decideRule(rule, signals.get(rule.id) ?? [], open.get(rule.id) ?? [], now));
      const notifications = await writeDecisions(client, decisions, now, options.publicUrl);
      return { rules: rules.length, skipped: rules.length - mine.size, notifications };
    });
  } finally {
    client.release();
  }
}

/** What one rule's evaluation does, in the order its notifications go. */
interface RuleDecision {
  readonly rule: StoredAlertRule;
  readonly muted: boolean;
  /** Signals with no open incident (opened), and open incidents whose signal holds (lasting; maybe repeated). */
  readonly steps: readonly (
    | { readonly kind: "open"; readonly signal: AlertSignal }
    | {
        readonly kind: "last";
        readonly signal: AlertSignal;
        readonly incident: OpenIncidentRow;
        readonly repeat: boolean;
      }
  )[];
  /** Open incidents whose condition cleared. */
  readonly resolve: readonly OpenIncidentRow[];
}

function decideRule(
  rule: StoredAlertRule,
  signals: readonly AlertSignal[],
  openIncidents: readonly OpenIncidentRow[],
  now: Date,
): RuleDecision {
  const open = new Map(openIncidents.map((incident) => [incident.key, incident]));
  const active = new Set<string>();
  const steps: RuleDecision["steps"][number][] = [];
  const repeatMs = rule.repeatMinutes === null ? null : rule.repeatMinutes * 60_000;
  for (const signal of signals) {
    active.add(signal.key);
    const incident = open.get(signal.key);
    if (!incident) {
      steps.push({ kind: "open", signal });
      continue;
    }
    const last = (incident.lastNotifiedAt ?? incident.openedAt).getTime();
    steps.push({ kind: "last", signal, incident, repeat: repeatMs !== null && now.getTime() - last >= repeatMs });
  }
  return {
    rule,
    muted: rule.mutedUntil !== null && rule.mutedUntil > now,
    steps,
    resolve: [...open.values()].filter((incident) => !active.has(incident.key)),
  };
}

/**
 * Opens, resolves and notifies as `decisions` say, in the caller's transaction: the incidents
 * opened in one statement, those resolved in one, every notification (with its deliveries) in
 * one, the lasting incidents' latest facts in one, and the audit rows in two.
 */
async function writeDecisions(
  client: TransactionClient,
  decisions: readonly RuleDecision[],
  now: Date,
  publicUrl: string,
): Promise<QueuedNotification[]> {
  const opened = await openAlertIncidents(
    client,
    systemActor,
    decisions.flatMap(({ rule, steps }) =>
      steps.flatMap((step) =>
        step.kind === "open" ? [{ ruleId: rule.id, key: step.signal.key, facts: step.signal.facts }] : [],
      ),
    ),
    now,
  );
  const resolvedFacts = await resolveAlertIncidents(
    client,
    systemActor,
    decisions.flatMap((d) => d.resolve.map((incident) => incident.id)),
    now,
  );
  const toInsert: NotificationToInsert[] = [];
  const queued: QueuedNotification[] = [];
  for (const { rule, muted, steps, resolve } of decisions) {
    if (muted) continue;
    const targets: DeliveryTarget[] = rule.notify.map((target, index) => ({
      index,
      channel: target.channel,
      label: targetLabel(target),
    }));
    const notify = (
      kind: NotificationKind,
      incident: { id: string; key: string; openedAt: Date },
      facts: AlertFacts,
    ) => {
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
      toInsert.push({ incidentId: incident.id, kind, message, targets });
      queued.push({ rule: rule.name, kind, incidentId: incident.id, title: message.title, deliveries: targets.length });
    };
    for (const step of steps) {
      if (step.kind === "open") {
        const id = opened(rule.id, step.signal.key);
        notify("open", { id, key: step.signal.key, openedAt: now }, step.signal.facts);
      } else if (step.repeat) notify("repeat", step.incident, step.signal.facts);
    }
    for (const incident of resolve) {
      const facts = resolvedFacts.get(incident.id);
      if (facts !== undefined) notify("resolve", incident, facts as AlertFacts);
    }
  }
  await insertAlertNotifications(client, toInsert, now);
  // One statement for the incidents that last with other facts than they keep (most keep theirs:
  // sending all 2,000 of the benchmark's to compare them in Postgres cost a busy machine 0.4–0.7 s).
  await updateAlertIncidentFacts(
    client,
    decisions.flatMap(({ steps }) =>
      steps.flatMap((step) =>
        step.kind === "last" && !isDeepStrictEqual(step.incident.facts, JSON.parse(JSON.stringify(step.signal.facts)))
          ? [{ id: step.incident.id, facts: step.signal.facts }]
          : [],
      ),
    ),
  );
  return queued;
}
