import { afterAll, beforeAll } from "vitest";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { createAlertRule } from "@/lib/store/alert-rule-rows";
import type { SourceRef } from "@/lib/store/store-execution";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "@/test/alerts/receivers";
import type { AlertRuleFields } from "@/lib/store/alert-rule-schema";
import { createSecretResolver } from "@/lib/alerts/resolve-secret";
import { runAlertEvaluation, type AlertRunOptions } from "@/lib/alerts/run-alert-evaluation";

// The alert tests' world: a database, a webhook, a Slack and an SMTP receiver, evaluation options
// pointed at them, and helpers that store executions and rules and read what the rules did.

export let db: TestDatabase;
export let webhook: HttpReceiver;
export let slack: HttpReceiver;
export let smtp: SmtpReceiver;
export const admin = { userId: null, name: "test-admin" };
export const MINUTE = 60_000;
export const upload: SourceRef = { kind: "UPLOAD", name: "uploads" };

export const options = (now: Date, extra: Partial<AlertRunOptions> = {}): AlertRunOptions => ({
  now,
  publicUrl: "https://stepscope.example.com",
  smtp: { url: smtp.url, from: "alerts@example.com" },
  resolveSecret: createSecretResolver(
    { HOOK_URL: webhook.url, SLACK_URL: slack.url, HOOK_SECRET: "s3cret" },
    () => ({}),
  ),
  retryBaseMs: 1_000,
  ...extra,
});

/** Stores one execution through the import path, as `stepscope import` would. */
export async function importExecution(o: {
  machine: string;
  name: string;
  status: "SUCCEEDED" | "FAILED" | "RUNNING";
  start: Date;
  tasks?: number;
  source?: SourceRef;
}): Promise<string> {
  const built = buildExecutionHistory({
    name: o.name,
    stateMachineName: o.machine,
    status: o.status,
    startDate: o.start.toISOString(),
    tasks: o.tasks ?? 2,
  });
  const arn = built.parsed.identity.executionArn;
  await importHistoryText(db, JSON.stringify({ events: built.parsed.events }), {
    fileName: `${o.name}.json`,
    executionArn: arn,
    source: o.source ?? upload,
  });
  return arn;
}

export const rule = (
  name: string,
  machine: string,
  when: AlertRuleFields["condition"],
  repeatMinutes: number | null = 30,
) =>
  createAlertRule(db.pool, admin, {
    name,
    scope: { stateMachines: [machine] },
    condition: when,
    notify: [{ channel: "webhook", url: { env: "HOOK_URL" }, secret: { env: "HOOK_SECRET" } }],
    repeatMinutes,
  });

/** The kinds of notification of rule `name` at each evaluation time. */
export async function kindsAt(name: string, times: Date[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const now of times) {
    const run = await runAlertEvaluation(db, options(now));
    out.push(run.notifications.filter((n) => n.rule === name).map((n) => n.kind));
  }
  return out;
}

export const at = (base: number, minutes: number) => new Date(base + minutes * MINUTE);

/** Registers the hooks every test file of this suite needs (setup, teardown, per-test state). */
export function useAlertsWorld(): void {
  beforeAll(async () => {
    [db, webhook, slack, smtp] = await Promise.all([
      createTestDatabase(),
      startHttpReceiver(),
      startHttpReceiver(),
      startSmtpReceiver(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([webhook.close(), slack.close(), smtp.close()]);
    await db.drop();
  });
}
