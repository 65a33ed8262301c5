import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "@/lib/db/database";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { createAlertRule, editAlertRule, setAlertRuleMute } from "@/lib/store/alert-rule-rows";
import type { SourceRef } from "@/lib/store/store-execution";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "@/test/alerts/receivers";
import type { AlertRuleFields } from "@/lib/store/alert-rule-schema";
import { createSecretResolver } from "./resolve-secret";
import { runAlertEvaluation, type AlertRunOptions } from "./run-alert-evaluation";

let db: TestDatabase;
let webhook: HttpReceiver;
let slack: HttpReceiver;
let smtp: SmtpReceiver;
const admin = { userId: null, name: "test-admin" };
const MINUTE = 60_000;
const upload: SourceRef = { kind: "UPLOAD", name: "uploads" };

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

const options = (now: Date, extra: Partial<AlertRunOptions> = {}): AlertRunOptions => ({
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
async function importExecution(o: {
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

const rule = (name: string, machine: string, when: AlertRuleFields["condition"], repeatMinutes: number | null = 30) =>
  createAlertRule(db.pool, admin, {
    name,
    scope: { stateMachines: [machine] },
    condition: when,
    notify: [{ channel: "webhook", url: { env: "HOOK_URL" }, secret: { env: "HOOK_SECRET" } }],
    repeatMinutes,
  });

/** The kinds of notification of rule `name` at each evaluation time. */
async function kindsAt(name: string, times: Date[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const now of times) {
    const run = await runAlertEvaluation(db, options(now));
    out.push(run.notifications.filter((n) => n.rule === name).map((n) => n.kind));
  }
  return out;
}

const at = (base: number, minutes: number) => new Date(base + minutes * MINUTE);

describe("each condition opens once, repeats at its interval and resolves once", () => {
  it("new-failure-group: a failure signature seen for the first time, then quiet for `quietFor`", async () => {
    const t0 = Date.now();
    await rule("nfg", "NfgMachine", { kind: "new-failure-group", quietFor: "2h" });
    await importExecution({ machine: "NfgMachine", name: "ok-1", status: "SUCCEEDED", start: at(t0, -20) });
    expect(await kindsAt("nfg", [at(t0, 0)])).toEqual([[]]);
    await importExecution({ machine: "NfgMachine", name: "bad-1", status: "FAILED", start: at(t0, -10) });
    await importExecution({ machine: "NfgMachine", name: "bad-2", status: "FAILED", start: at(t0, -5) });
    expect(await kindsAt("nfg", [at(t0, 0), at(t0, 1), at(t0, 31), at(t0, 40), at(t0, 130), at(t0, 131)])).toEqual([
      ["open"],
      [],
      ["repeat"],
      [],
      ["resolve"],
      [],
    ]);
    // Seen again after it was resolved: a new incident.
    await importExecution({ machine: "NfgMachine", name: "bad-3", status: "FAILED", start: at(t0, 140) });
    expect(await kindsAt("nfg", [at(t0, 141)])).toEqual([["open"]]);
  });

  it("failure-rate: failed + timed out ÷ ended above the threshold over the window, with a minimum count", async () => {
    const t0 = Date.now();
    await rule("rate", "RateMachine", { kind: "failure-rate", abovePercent: 50, window: "1h", minCount: 3 });
    await importExecution({ machine: "RateMachine", name: "r1", status: "FAILED", start: at(t0, -10) });
    await importExecution({ machine: "RateMachine", name: "r2", status: "FAILED", start: at(t0, -9) });
    // Two ended: below the minimum count.
    expect(await kindsAt("rate", [at(t0, 0)])).toEqual([[]]);
    await importExecution({ machine: "RateMachine", name: "r3", status: "SUCCEEDED", start: at(t0, -8) });
    expect(await kindsAt("rate", [at(t0, 0), at(t0, 5), at(t0, 31), at(t0, 70), at(t0, 71)])).toEqual([
      ["open"],
      [],
      ["repeat"],
      ["resolve"],
      [],
    ]);
  });

  it("duration-p95: the p95 of a state machine's durations above a threshold", async () => {
    const t0 = Date.now();
    await rule("p95", "SlowMachine", { kind: "duration-p95", above: "100ms", window: "1h", minCount: 2 });
    await importExecution({ machine: "SlowMachine", name: "s1", status: "SUCCEEDED", start: at(t0, -10), tasks: 4 });
    await importExecution({ machine: "SlowMachine", name: "s2", status: "SUCCEEDED", start: at(t0, -9), tasks: 4 });
    expect(await kindsAt("p95", [at(t0, 0), at(t0, 29), at(t0, 30), at(t0, 45), at(t0, 61), at(t0, 62)])).toEqual([
      ["open"],
      [],
      ["repeat"],
      [],
      ["resolve"],
      [],
    ]);
  });

  it("running-longer-than: an execution still running after the duration, resolved when it ends", async () => {
    const t0 = Date.now();
    await rule("long", "LongMachine", { kind: "running-longer-than", after: "1h" });
    await importExecution({ machine: "LongMachine", name: "l1", status: "RUNNING", start: at(t0, -50) });
    expect(await kindsAt("long", [at(t0, 0), at(t0, 11), at(t0, 12), at(t0, 42)])).toEqual([
      [],
      ["open"],
      [],
      ["repeat"],
    ]);
    await importExecution({ machine: "LongMachine", name: "l1", status: "SUCCEEDED", start: at(t0, -50) });
    expect(await kindsAt("long", [at(t0, 43), at(t0, 44)])).toEqual([["resolve"], []]);
  });

  it("monthly-cost: the month's projected cost above the budget, resolved when the budget covers it", async () => {
    const t0 = Date.now();
    await db.pool.query(
      `INSERT INTO app_settings (key, value) VALUES ('cost.prices', '{"freeTransitionsPerMonth": 0}')
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    );
    const id = await rule("cost", "CostMachine", { kind: "monthly-cost", budgetUsd: 0 });
    await importExecution({ machine: "CostMachine", name: "c1", status: "SUCCEEDED", start: at(t0, -1), tasks: 20 });
    expect(await kindsAt("cost", [at(t0, 0), at(t0, 1), at(t0, 30)])).toEqual([["open"], [], ["repeat"]]);
    await editAlertRule(db.pool, admin, id, {
      name: "cost",
      scope: { stateMachines: ["CostMachine"] },
      condition: { kind: "monthly-cost", budgetUsd: 1_000_000 },
      notify: [{ channel: "webhook", url: { env: "HOOK_URL" } }],
      repeatMinutes: 30,
    });
    expect(await kindsAt("cost", [at(t0, 31), at(t0, 32)])).toEqual([["resolve"], []]);
  });
});

describe("notifications", () => {
  it("sends Slack blocks, a signed webhook and an e-mail with links under the public URL", async () => {
    const t0 = Date.now();
    const before = { webhook: webhook.requests.length, slack: slack.requests.length, smtp: smtp.messages.length };
    await createAlertRule(db.pool, admin, {
      name: "all-channels",
      scope: { stateMachines: ["MailMachine"] },
      condition: { kind: "new-failure-group" },
      notify: [
        { channel: "slack", url: { env: "SLACK_URL" } },
        { channel: "webhook", url: { env: "HOOK_URL" }, secret: { env: "HOOK_SECRET" } },
        { channel: "email", to: "oncall@example.com" },
      ],
      repeatMinutes: null,
    });
    const arn = await importExecution({ machine: "MailMachine", name: "m1", status: "FAILED", start: at(t0, -3) });
    const run = await runAlertEvaluation(db, options(at(t0, 0)));
    expect(run.deliveries.filter((d) => d.rule === "all-channels").map((d) => d.outcome)).toEqual([
      "delivered",
      "delivered",
      "delivered",
    ]);

    const slackBody = JSON.parse(slack.requests.slice(before.slack)[0]!.body) as {
      text: string;
      blocks: { type: string; elements?: { url?: string }[]; fields?: { text: string }[] }[];
    };
    expect(slackBody.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions", "context"]);
    const fields = slackBody.blocks[1]!.fields!.map((f) => f.text);
    expect(fields).toContain("*Root-cause state*\nStep2");
    expect(fields).toContain("*Error*\nStates.TaskFailed");
    expect(fields).toContain("*How many*\n1");
    expect(slackBody.blocks[3]!.elements!.map((e) => e.url)).toEqual([
      `https://stepscope.example.com/executions/${encodeURIComponent(arn)}`,
      expect.stringMatching(/^https:\/\/stepscope\.example\.com\/executions\?signature=/),
      expect.stringMatching(/^https:\/\/stepscope\.example\.com\/alerts\?incident=\d+$/),
    ]);

    const hook = webhook.requests.slice(before.webhook).filter((r) => r.body.includes('"all-channels"'));
    expect(hook).toHaveLength(1);
    const expected = `sha256=${createHmac("sha256", "s3cret").update(hook[0]!.body).digest("hex")}`;
    expect(hook[0]!.headers["x-stepscope-signature"]).toBe(expected);
    const body = JSON.parse(hook[0]!.body) as { version: number; kind: string; facts: { executionArn: string } };
    expect(body).toMatchObject({ version: 1, kind: "open", facts: { executionArn: arn } });

    const mail = smtp.messages.slice(before.smtp);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to).toEqual(["oncall@example.com"]);
    expect(mail[0]!.raw).toMatch(/^Subject: \[all-channels\] States\.TaskFailed in Step2 \(MailMachine\)/m);
    expect(mail[0]!.raw).toContain("Root-cause state: Step2");
  });

  it("a receiver that answers 500 then 200 gets one delivery", async () => {
    const t0 = Date.now();
    await rule("retry", "RetryMachine", { kind: "new-failure-group" }, null);
    await importExecution({ machine: "RetryMachine", name: "x1", status: "FAILED", start: at(t0, -3) });
    const seen = webhook.requests.length;
    webhook.answer(500);
    const first = await runAlertEvaluation(db, options(at(t0, 0)));
    expect(first.deliveries.filter((d) => d.rule === "retry").map((d) => d.outcome)).toEqual(["retry"]);
    // Not due yet: the backoff holds it.
    await runAlertEvaluation(db, options(at(t0, 0)));
    const second = await runAlertEvaluation(db, options(new Date(at(t0, 0).getTime() + 1_000)));
    expect(second.deliveries.filter((d) => d.rule === "retry").map((d) => d.outcome)).toEqual(["delivered"]);
    await runAlertEvaluation(db, options(at(t0, 5)));
    const got = webhook.requests.slice(seen).filter((r) => r.body.includes('"retry"'));
    expect(got.map((r) => r.status)).toEqual([500, 200]);
    expect(got[0]!.headers["x-stepscope-delivery"]).toBe(got[1]!.headers["x-stepscope-delivery"]);
    const { rows } = await db.pool.query<{ state: string; attempts: number }>(
      `SELECT d.state, d.attempts FROM alert_deliveries d JOIN alert_notifications n ON n.id = d.notification_id
         JOIN alert_incidents i ON i.id = n.incident_id JOIN alert_rules r ON r.id = i.rule_id WHERE r.name = 'retry'`,
    );
    expect(rows).toEqual([{ state: "DELIVERED", attempts: 2 }]);
  });

  it("two evaluators at once send one notification", async () => {
    const t0 = Date.now();
    await rule("race", "RaceMachine", { kind: "new-failure-group" }, null);
    await importExecution({ machine: "RaceMachine", name: "y1", status: "FAILED", start: at(t0, -3) });
    const seen = webhook.requests.length;
    const a = connectDatabase(db.url, { max: 3 });
    const b = connectDatabase(db.url, { max: 3 });
    try {
      const runs = await Promise.all([a, b, a, b].map((d) => runAlertEvaluation(d, options(at(t0, 0)))));
      const raced = runs.flatMap((r) => r.notifications.filter((n) => n.rule === "race"));
      expect(raced).toHaveLength(1);
    } finally {
      await Promise.all([a.pool.end(), b.pool.end()]);
    }
    expect(webhook.requests.slice(seen).filter((r) => r.body.includes('"race"'))).toHaveLength(1);
  });

  it("a muted rule opens its incident without notifying", async () => {
    const t0 = Date.now();
    const id = await rule("muted", "MutedMachine", { kind: "new-failure-group" }, null);
    await setAlertRuleMute(db.pool, admin, id, at(t0, 60));
    await importExecution({ machine: "MutedMachine", name: "z1", status: "FAILED", start: at(t0, -3) });
    expect(await kindsAt("muted", [at(t0, 0)])).toEqual([[]]);
    const { rows } = await db.pool.query<{ status: string }>(
      "SELECT i.status FROM alert_incidents i JOIN alert_rules r ON r.id = i.rule_id WHERE r.name = 'muted'",
    );
    expect(rows).toEqual([{ status: "OPEN" }]);
  });
});

describe("local runs", () => {
  it("never trigger an alert unless the rule's scope names the local source", async () => {
    const t0 = Date.now();
    const local: SourceRef = { kind: "LOCAL", name: "local" };
    await rule("not-local", "LocalMachine", { kind: "new-failure-group" }, null);
    await createAlertRule(db.pool, admin, {
      name: "local-named",
      scope: { sources: ["local"], stateMachines: ["LocalMachine"] },
      condition: { kind: "new-failure-group" },
      notify: [],
      repeatMinutes: null,
    });
    await importExecution({ machine: "LocalMachine", name: "lr1", status: "FAILED", start: at(t0, -3), source: local });
    const run = await runAlertEvaluation(db, options(at(t0, 0)));
    expect(run.notifications.map((n) => n.rule).filter((r) => r.includes("local"))).toEqual(["local-named"]);
  });
});
