import type { Database } from "@/lib/db/database";
import { listAlertRules } from "@/lib/queries/list-alert-rules";
import { recordAuditAlone, type AuditActor } from "@/lib/store/record-audit";
import { formatAlertMessage } from "./format-alert-message";
import { SendAlertError, sendAlert, targetLabel, type SendAlertOptions } from "./send-alert";

/** Settings of {@link sendTestAlert}: the sender's, and where links point. */
export interface SendTestAlertOptions extends SendAlertOptions {
  readonly publicUrl: string;
  readonly now?: Date;
}

/** What one target answered to a test send. `error` is the channel's own refusal (never a secret). */
export interface TestSendResult {
  readonly index: number;
  readonly channel: string;
  /** The target as the page shows it: an address or the name of the secret's reference. */
  readonly label: string;
  readonly ok: boolean;
  readonly error: string | null;
}

/**
 * Sends a test notification (kind `test`, no incident behind it) to every target of rule
 * `ruleId` now, or to the target at `targetIndex` only; one audit row (`alert.rule.test`)
 * with each target's outcome. Nothing is stored or retried: the caller sees each answer.
 * Returns null when there is no such rule (or no such target).
 */
export async function sendTestAlert(
  db: Database,
  actor: AuditActor,
  ruleId: number,
  targetIndex: number | null,
  options: SendTestAlertOptions,
): Promise<TestSendResult[] | null> {
  const rule = (await listAlertRules(db.pool)).find((r) => r.id === ruleId);
  if (!rule) return null;
  const targets = rule.notify.map((target, index) => ({ target, index }));
  const chosen = targetIndex === null ? targets : targets.filter((t) => t.index === targetIndex);
  if (targetIndex !== null && chosen.length === 0) return null;
  const now = options.now ?? new Date();
  const message = formatAlertMessage({
    kind: "test",
    rule: { id: rule.id, name: rule.name, condition: rule.condition.kind },
    incident: { id: "test", key: "test", openedAt: now.toISOString(), resolvedAt: null },
    facts: {
      summary: `a test notification sent by ${actor.name} from the Alerts page: this channel reaches you`,
      where: "test",
    },
    publicUrl: options.publicUrl,
    at: now,
  });
  const results: TestSendResult[] = [];
  for (const { target, index } of chosen) {
    const label = targetLabel(target);
    try {
      await sendAlert(target, message, `test-${rule.id}-${now.getTime()}`, options);
      results.push({ index, channel: target.channel, label, ok: true, error: null });
    } catch (error) {
      // SendAlertError messages name hosts and variables, never URLs' paths or secrets; anything else stays generic.
      const text = error instanceof SendAlertError ? error.message : "unexpected error while sending";
      results.push({ index, channel: target.channel, label, ok: false, error: text });
    }
  }
  await recordAuditAlone(db, actor, {
    action: "alert.rule.test",
    targetType: "alert_rule",
    targetId: String(rule.id),
    details: { name: rule.name, results: results.map(({ label, ok, error }) => ({ label, ok, error })) },
    outcome: results.every((r) => r.ok) ? "OK" : "FAILED",
  });
  return results;
}
