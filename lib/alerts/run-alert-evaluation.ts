import type { Database } from "@/lib/db/database";
import { deliverDueAlerts, type DeliverDueAlertsOptions, type DeliveryReport } from "./deliver-due-alerts";
import { evaluateAlertRules, type AlertEvaluation, type EvaluateAlertRulesOptions } from "./evaluate-alert-rules";

/** Settings of {@link runAlertEvaluation}: the evaluator's and the sender's. */
export type AlertRunOptions = EvaluateAlertRulesOptions & DeliverDueAlertsOptions;

/** What one run decided and sent. */
export interface AlertRun extends AlertEvaluation {
  readonly deliveries: DeliveryReport[];
}

/** One evaluation of every rule, then every delivery due (the new ones and retries). */
export async function runAlertEvaluation(db: Database, options: AlertRunOptions): Promise<AlertRun> {
  const evaluation = await evaluateAlertRules(db, options);
  const deliveries = await deliverDueAlerts(db, options);
  return { ...evaluation, deliveries };
}
