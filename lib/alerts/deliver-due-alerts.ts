import type { Database } from "@/lib/db/database";
import { systemActor } from "@/lib/auth/actor";
import { claimDueAlertDeliveries, recordAlertDeliveryAttempt } from "@/lib/store/alert-delivery-rows";
import { storedTargetSchema } from "@/lib/store/alert-rule-schema";
import type { AlertMessage } from "./format-alert-message";
import { SendAlertError, sendAlert, targetLabel, type SendAlertOptions } from "./send-alert";

/** Settings of {@link deliverDueAlerts}. */
export interface DeliverDueAlertsOptions extends SendAlertOptions {
  readonly now?: Date;
  /** The wait before the first retry, doubled for each next one up to an hour; default 30,000 ms. */
  readonly retryBaseMs?: number;
  /** Attempts before a delivery is given up as FAILED; default 8. */
  readonly maxAttempts?: number;
}

/** One attempt at one delivery. */
export interface DeliveryReport {
  readonly id: string;
  readonly rule: string;
  readonly target: string;
  readonly title: string;
  readonly outcome: "delivered" | "retry" | "failed";
  readonly error?: string;
}

/**
 * Sends every delivery due at `now` (claimed with SKIP LOCKED and leased, so two senders
 * never send one twice). A failure that may pass (no answer, HTTP 5xx, 408, 429) is tried
 * again after `retryBaseMs` × 2^(attempts − 1), at most an hour; after `maxAttempts`, or at
 * once for a failure that cannot pass (HTTP 4xx, a missing secret), it is FAILED.
 */
export async function deliverDueAlerts(db: Database, options: DeliverDueAlertsOptions): Promise<DeliveryReport[]> {
  const now = options.now ?? new Date();
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const reports: DeliveryReport[] = [];
  for (;;) {
    const claimed = await claimDueAlertDeliveries(db.pool, now, 120_000, 50);
    if (claimed.length === 0) return reports;
    for (const delivery of claimed) {
      const message = delivery.message as AlertMessage;
      const parsedTarget = storedTargetSchema.safeParse(
        Array.isArray(delivery.notify) ? delivery.notify[delivery.targetIndex] : undefined,
      );
      let error: SendAlertError | null = null;
      if (!parsedTarget.success) {
        error = new SendAlertError(`the rule no longer has target #${delivery.targetIndex}`, false);
      } else {
        try {
          await sendAlert(parsedTarget.data, message, delivery.id, options);
        } catch (caught) {
          error = caught instanceof SendAlertError ? caught : new SendAlertError(String(caught), true);
        }
      }
      const attempts = delivery.attempts + 1;
      const target = parsedTarget.success ? targetLabel(parsedTarget.data) : `#${delivery.targetIndex}`;
      const base = { id: delivery.id, rule: delivery.ruleName, target, title: message.title };
      if (error === null) {
        await recordAlertDeliveryAttempt(db.pool, systemActor, delivery.id, { outcome: "delivered", at: now });
        reports.push({ ...base, outcome: "delivered" });
      } else if (error.retryable && attempts < maxAttempts) {
        const waitMs = Math.min(retryBaseMs * 2 ** (attempts - 1), 3_600_000);
        await recordAlertDeliveryAttempt(db.pool, systemActor, delivery.id, {
          outcome: "retry",
          error: error.message,
          nextAttemptAt: new Date(now.getTime() + waitMs),
        });
        reports.push({ ...base, outcome: "retry", error: error.message });
      } else {
        await recordAlertDeliveryAttempt(db.pool, systemActor, delivery.id, {
          outcome: "failed",
          error: error.message,
        });
        reports.push({ ...base, outcome: "failed", error: error.message });
      }
    }
  }
}
