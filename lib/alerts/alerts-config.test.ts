import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { AlertsConfigError, applyAlertsConfig, parseAlertsConfig, readAlertsDocument } from "./alerts-config";
import { createSecretResolver } from "./resolve-secret";
import {
  AlertRuleProvisionedError,
  createAlertRule,
  deleteAlertRule,
  editAlertRule,
  setAlertRuleMute,
} from "@/lib/store/alert-rule-rows";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const errorOf = (text: string): string => {
  try {
    parseAlertsConfig(text, "alerts.json");
  } catch (error) {
    expect(error).toBeInstanceOf(AlertsConfigError);
    return (error as Error).message;
  }
  throw new Error("accepted");
};

describe("rules as code", () => {
  it("names the JSON Pointer at fault", () => {
    expect(errorOf('{"alerts": [{"name": "a", "when": {"kind": "failure-rate"}, "notify": []}]}')).toMatch(
      /^alerts\.json: \/alerts\/0\/when\/abovePercent: /,
    );
    expect(errorOf('{"alerts": [{"name": "a", "when": {"kind": "nope"}, "notify": []}]}')).toMatch(
      /^alerts\.json: \/alerts\/0\/when\/kind: /,
    );
    expect(
      errorOf('{"alerts": [{"name": "a", "when": {"kind": "running-longer-than", "after": "soon"}, "notify": []}]}'),
    ).toBe('alerts.json: /alerts/0/when/after: expected a duration such as "30s", "5m", "1h", "2d"');
    expect(
      errorOf(
        '{"alerts": [{"name": "a", "when": {"kind": "new-failure-group"}, "notify": [{"email": "x@example.com"}, {"slack": 3}]}]}',
      ),
    ).toMatch(/^alerts\.json: \/alerts\/0\/notify\/1/);
    expect(
      errorOf(
        '{"alerts": [{"name": "a", "when": {"kind": "new-failure-group"}, "notify": []}, {"name": "a", "when": {"kind": "new-failure-group"}, "notify": []}]}',
      ),
    ).toBe("alerts.json: /alerts/1/name: 'a' is already the name of /alerts/0");
    expect(errorOf('{"alerts": [}')).toMatch(/^alerts\.json: line 1, column 13: not valid JSON/);
  });

  it("applies in one audited transaction, keeping secrets in the file, not the database", async () => {
    const text = JSON.stringify({
      alerts: [
        {
          name: "payments failing",
          scope: { stateMachines: ["Payments"] },
          when: { kind: "failure-rate", abovePercent: 5, window: "15m" },
          notify: [
            { slack: "https://hooks.slack.example/services/T0/B0/SECRET1" },
            { webhook: { env: "HOOK_URL" }, secret: "hmac-SECRET2" },
            { email: "oncall@example.com" },
          ],
          repeat: "2h",
        },
      ],
    });
    const config = parseAlertsConfig(text, "STEPSCOPE_ALERTS");
    expect(await applyAlertsConfig(db.pool, config)).toEqual({
      created: ["payments failing"],
      updated: [],
      unchanged: [],
      removed: [],
    });
    expect(await applyAlertsConfig(db.pool, config)).toMatchObject({ unchanged: ["payments failing"] });
    const { rows } = await db.pool.query<{ notify: unknown; repeat_minutes: number; all: string }>(
      "SELECT notify, repeat_minutes, (SELECT string_agg(details::text, ' ') FROM audit_logs) AS all FROM alert_rules",
    );
    expect(rows[0]!.notify).toEqual([
      { channel: "slack", url: { file: "/alerts/0/notify/0/slack" } },
      { channel: "webhook", url: { env: "HOOK_URL" }, secret: { file: "/alerts/0/notify/1/secret" } },
      { channel: "email", to: "oncall@example.com" },
    ]);
    expect(rows[0]!.repeat_minutes).toBe(120);
    expect(rows[0]!.all).not.toMatch(/SECRET/);
    const { rows: dump } = await db.pool.query<{ text: string }>(
      "SELECT (SELECT json_agg(r)::text FROM alert_rules r) || (SELECT json_agg(a)::text FROM audit_logs a) AS text",
    );
    expect(dump[0]!.text).not.toMatch(/SECRET/);
    const { rows: audit } = await db.pool.query<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_logs ORDER BY id",
    );
    expect(audit).toEqual([{ action: "alert.rule.create", actor: "system" }]);

    // Sending reads the secret from the file again.
    const env = { STEPSCOPE_ALERTS: text, HOOK_URL: "http://127.0.0.1:1/hook" };
    const resolve = createSecretResolver(env, () => readAlertsDocument(env));
    expect(resolve({ file: "/alerts/0/notify/0/slack" })).toBe("https://hooks.slack.example/services/T0/B0/SECRET1");
    expect(resolve({ env: "HOOK_URL" })).toBe("http://127.0.0.1:1/hook");
    expect(() => resolve({ env: "MISSING_URL" })).toThrow("the environment variable MISSING_URL is not set");

    // A rule the file no longer declares is removed, audited.
    expect(await applyAlertsConfig(db.pool, parseAlertsConfig('{"alerts": []}', "STEPSCOPE_ALERTS"))).toMatchObject({
      removed: ["payments failing"],
    });
    const { rows: left } = await db.pool.query("SELECT 1 FROM alert_rules");
    expect(left).toHaveLength(0);
  });

  it("keeps a rules file's rules read-only on the page (they may be muted) while page-made rules are edited, each change audited", async () => {
    const admin = { userId: null, name: "ada" };
    const fileRule = { name: "from file", when: { kind: "running-longer-than", after: "2h" }, notify: [] };
    await applyAlertsConfig(db.pool, parseAlertsConfig(JSON.stringify({ alerts: [fileRule] }), "alerts.json"));
    const { rows } = await db.pool.query<{ id: number }>("SELECT id FROM alert_rules WHERE name = 'from file'");
    const fileId = rows[0]!.id;
    const fields = {
      name: "from file",
      scope: {},
      condition: { kind: "monthly-cost", budgetUsd: 5 },
      notify: [],
      repeatMinutes: null,
    } as const;
    await expect(editAlertRule(db.pool, admin, fileId, fields)).rejects.toThrow(AlertRuleProvisionedError);
    await expect(deleteAlertRule(db.pool, admin, fileId)).rejects.toThrow(
      "the alert rule 'from file' is declared in alerts.json: change or remove it there",
    );
    expect(await setAlertRuleMute(db.pool, admin, fileId, new Date(Date.now() + 60_000))).toBe(true);

    const pageId = await createAlertRule(db.pool, admin, { ...fields, name: "from page" });
    expect(await editAlertRule(db.pool, admin, pageId, { ...fields, name: "from page", repeatMinutes: 30 })).toBe(
      "updated",
    );
    expect(await editAlertRule(db.pool, admin, pageId, { ...fields, name: "from page", repeatMinutes: 30 })).toBe(
      "unchanged",
    );
    expect(await editAlertRule(db.pool, admin, 999_999, fields)).toBe("missing");
    expect(await deleteAlertRule(db.pool, admin, pageId)).toBe(true);
    const { rows: kept } = await db.pool.query<{ name: string; condition: unknown; origin: string }>(
      "SELECT name, condition, origin FROM alert_rules ORDER BY name",
    );
    expect(kept).toEqual([{ name: "from file", condition: fileRule.when, origin: "alerts.json" }]);
    const { rows: audit } = await db.pool.query<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_logs WHERE actor = 'ada' ORDER BY id",
    );
    expect(audit.map((a) => a.action)).toEqual([
      "alert.rule.mute",
      "alert.rule.create",
      "alert.rule.update",
      "alert.rule.delete",
    ]);
  });
});
