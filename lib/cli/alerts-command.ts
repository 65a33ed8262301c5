import { parseArgs } from "node:util";
import { applyAlertsConfigFromEnv } from "@/lib/alerts/alerts-config";
import { alertRunOptionsFromEnv } from "@/lib/alerts/alerts-env";
import { markAlertEvaluated } from "@/lib/store/alert-evaluation-claim";
import { runAlertEvaluation } from "@/lib/alerts/run-alert-evaluation";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

export const alertsUsage = `alerts evaluate [--json]                   evaluate every alert rule once, send what is due, print what was sent`;

/**
 * `stepscope alerts evaluate [--json]`: applies `STEPSCOPE_ALERTS_FILE` / `STEPSCOPE_ALERTS`,
 * evaluates every rule once, sends every delivery due (new ones and retries) and prints one
 * line per notification and per delivery (`--json`: one object a line). Exit 0 unless a
 * delivery failed for good.
 */
export async function alertsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "evaluate")
    throw new CliUsageError(sub ? `alerts: unknown command '${sub}'` : "alerts: expected 'evaluate'");
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false } },
  });
  if (positionals.length) throw new CliUsageError(`alerts evaluate: unexpected argument '${positionals[0]}'`);
  const options = alertRunOptionsFromEnv();
  return withCliDatabase(async (db) => {
    const line = await applyAlertsConfigFromEnv(db.pool);
    if (line) process.stderr.write(`stepscope alerts: ${line}\n`);
    const now = new Date();
    const run = await runAlertEvaluation(db, { ...options, now });
    // Counts as the minute's evaluation for the web and worker processes too.
    await markAlertEvaluated(db, now);
    if (values.json) {
      for (const n of run.notifications) process.stdout.write(`${JSON.stringify({ type: "notification", ...n })}\n`);
      for (const d of run.deliveries) process.stdout.write(`${JSON.stringify({ type: "delivery", ...d })}\n`);
    } else {
      process.stdout.write(
        `${run.rules} rule(s) evaluated${run.skipped ? ` (${run.skipped} held by another evaluator)` : ""}; ${run.notifications.length} notification(s)\n`,
      );
      for (const n of run.notifications) process.stdout.write(`${n.kind}: ${n.title}\n`);
      for (const d of run.deliveries)
        process.stdout.write(`  ${d.outcome}: ${d.target}: ${d.title}${d.error ? ` — ${d.error}` : ""}\n`);
    }
    return run.deliveries.some((d) => d.outcome === "failed") ? 1 : 0;
  });
}
