import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { loadPriceTable } from "@/lib/cost/load-price-table";
import { listAlertRules } from "@/lib/queries/list-alert-rules";
import { createAlertRule } from "@/lib/store/alert-rule-rows";
import type { AlertRuleFields } from "@/lib/store/alert-rule-schema";
import type { SourceRef } from "@/lib/store/store-execution";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { readAlertSignalsBatch, readAlertSignalsPerRule } from "./read-alert-signals";

let db: TestDatabase;
const admin = { userId: null, name: "test-admin" };
const t0 = new Date("2026-12-04T12:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

beforeAll(async () => {
  db = await createTestDatabase();
  const upload: SourceRef = { kind: "UPLOAD", name: "uploads" };
  const local: SourceRef = { kind: "LOCAL", name: "local" };
  const runs: [string, "SUCCEEDED" | "FAILED" | "RUNNING", number, SourceRef][] = [
    ["MachineA", "FAILED", -10, upload],
    ["MachineA", "FAILED", -50, upload],
    ["MachineA", "SUCCEEDED", -20, upload],
    ["MachineA", "RUNNING", -300, upload],
    ["MachineB", "FAILED", -100, upload],
    ["MachineB", "SUCCEEDED", -30, upload],
    ["MachineB", "SUCCEEDED", -90, upload],
    ["MachineB", "FAILED", -5, local],
    ["MachineB", "RUNNING", -200, local],
  ];
  for (const [i, [machine, status, at, source]] of runs.entries()) {
    const built = buildExecutionHistory({
      name: `x${i}`,
      stateMachineName: machine,
      status,
      startDate: minutes(at).toISOString(),
      tasks: 1 + (i % 3),
    });
    await importHistoryText(db, JSON.stringify({ events: built.parsed.events }), {
      fileName: `x${i}.json`,
      executionArn: built.parsed.identity.executionArn,
      source,
    });
  }
  const scopes: AlertRuleFields["scope"][] = [
    {},
    { stateMachines: ["MachineA"] },
    { sources: ["local"] },
    { sources: ["local", "uploads"], stateMachines: ["MachineB"] },
  ];
  const conditions: AlertRuleFields["condition"][] = [
    { kind: "new-failure-group", quietFor: "1h" },
    { kind: "new-failure-group" },
    { kind: "failure-rate", abovePercent: 10, window: "2h", minCount: 1 },
    { kind: "duration-p95", above: "1s", window: "2h", minCount: 1 },
    { kind: "duration-p95", aboveRatio: 1.5, window: "1h", minCount: 1 },
    { kind: "duration-p95", state: "Step1", above: "1ms", window: "3h", minCount: 1 },
    { kind: "running-longer-than", after: "1h" },
    { kind: "monthly-cost", budgetUsd: 0 },
  ];
  for (const [s, scope] of scopes.entries())
    for (const [c, condition] of conditions.entries())
      await createAlertRule(db.pool, admin, { name: `r${s}-${c}`, scope, condition, notify: [], repeatMinutes: null });
});
afterAll(async () => {
  await db.drop();
});

describe("readAlertSignalsBatch", () => {
  it("finds, rule by rule, the same signals as one query per rule (scopes, local runs, every kind)", async () => {
    const rules = await listAlertRules(db.pool);
    const prices = await loadPriceTable(db, t0);
    const batched = await readAlertSignalsBatch(db.pool, rules, t0, prices);
    const perRule = await readAlertSignalsPerRule(db.pool, rules, t0, prices);
    const sorted = (signals: readonly { key: string }[] | undefined) =>
      [...(signals ?? [])].sort((a, b) => a.key.localeCompare(b.key));
    for (const rule of rules)
      expect({ rule: rule.name, signals: sorted(batched.get(rule.id)) }).toEqual({
        rule: rule.name,
        signals: sorted(perRule.get(rule.id)),
      });
    // The corpus gives every kind but monthly-cost something to find, so agreeing is not agreeing on nothing
    // (nine executions cost nothing inside AWS's free tier; alerts.test.ts fires monthly-cost).
    const found = new Set(rules.filter((r) => (perRule.get(r.id) ?? []).length > 0).map((r) => r.condition.kind));
    expect([...found].sort()).toEqual(["duration-p95", "failure-rate", "new-failure-group", "running-longer-than"]);
  });
});
