import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { connectDatabase } from "@/lib/db/database";
import { createAlertRule, setAlertRuleMute } from "@/lib/store/alert-rule-rows";
import { runAlertEvaluation } from "./run-alert-evaluation";
import {
  db,
  webhook,
  slack,
  smtp,
  admin,
  options,
  importExecution,
  rule,
  kindsAt,
  at,
  useAlertsWorld,
} from "../../test/alerts/alerts-world";

// How an alert is delivered: Slack, a signed webhook and e-mail; a retried receiver; two evaluators; a muted rule.

useAlertsWorld();

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
