import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlertRule } from "@/lib/store/alert-rule-rows";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "@/test/alerts/receivers";
import { createSecretResolver } from "./resolve-secret";
import { sendTestAlert, type SendTestAlertOptions } from "./send-test-alert";

let db: TestDatabase;
let slack: HttpReceiver;
let webhook: HttpReceiver;
let smtp: SmtpReceiver;
const admin = { userId: null, name: "test-admin" };

beforeAll(async () => {
  [db, slack, webhook, smtp] = await Promise.all([
    createTestDatabase(),
    startHttpReceiver(),
    startHttpReceiver(),
    startSmtpReceiver(),
  ]);
});
afterAll(async () => {
  await Promise.all([slack.close(), webhook.close(), smtp.close()]);
  await db.drop();
});

const options = (): SendTestAlertOptions => ({
  publicUrl: "https://stepscope.example.com",
  smtp: { url: smtp.url, from: "alerts@example.com" },
  resolveSecret: createSecretResolver({ SLACK_URL: slack.url, HOOK_URL: webhook.url }, () => ({})),
});

describe("sendTestAlert", () => {
  it("sends a test message to every target and answers each channel's outcome, audited without secrets", async () => {
    const id = await createAlertRule(db.pool, admin, {
      name: "test-send",
      scope: {},
      condition: { kind: "new-failure-group" },
      notify: [
        { channel: "slack", url: { env: "SLACK_URL" } },
        { channel: "webhook", url: { env: "HOOK_URL" } },
        { channel: "email", to: "oncall@example.com" },
        { channel: "webhook", url: { env: "UNSET_URL" } },
      ],
      repeatMinutes: null,
    });
    webhook.answer(500);

    const results = await sendTestAlert(db, admin, id, null, options());

    expect(results).toEqual([
      { index: 0, channel: "slack", label: "slack $SLACK_URL", ok: true, error: null },
      {
        index: 1,
        channel: "webhook",
        label: "webhook $HOOK_URL",
        ok: false,
        error: expect.stringMatching(/HTTP 500$/),
      },
      { index: 2, channel: "email", label: "email oncall@example.com", ok: true, error: null },
      {
        index: 3,
        channel: "webhook",
        label: "webhook $UNSET_URL",
        ok: false,
        error: "the environment variable UNSET_URL is not set",
      },
    ]);
    expect(JSON.parse(slack.requests[0]!.body).text).toContain("[test-send] test: a test notification");
    expect(JSON.parse(webhook.requests[0]!.body)).toMatchObject({ kind: "test", rule: { name: "test-send" } });
    expect(webhook.requests[0]!.headers["x-stepscope-event"]).toBe("test");
    expect(smtp.messages[0]!.raw).toContain("Subject: [test-send] test:");
    const { rows } = await db.pool.query<{ outcome: string; details: string }>(
      "SELECT outcome, details::text FROM audit_logs WHERE action = 'alert.rule.test' AND target_id = $1",
      [String(id)],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.outcome).toBe("FAILED");
    expect(rows[0]!.details).not.toContain(slack.url);
    expect(rows[0]!.details).not.toContain("127.0.0.1:" + new URL(webhook.url).port + "/hook");
  });

  it("sends to one target when asked, and answers null for an unknown rule or target", async () => {
    const id = await createAlertRule(db.pool, admin, {
      name: "test-one",
      scope: {},
      condition: { kind: "new-failure-group" },
      notify: [
        { channel: "slack", url: { env: "SLACK_URL" } },
        { channel: "email", to: "team@example.com" },
      ],
      repeatMinutes: null,
    });
    const before = slack.requests.length;
    const results = await sendTestAlert(db, admin, id, 1, options());
    expect(results).toEqual([{ index: 1, channel: "email", label: "email team@example.com", ok: true, error: null }]);
    expect(slack.requests.length).toBe(before);
    expect(await sendTestAlert(db, admin, id, 5, options())).toBeNull();
    expect(await sendTestAlert(db, admin, 999_999, null, options())).toBeNull();
  });
});
