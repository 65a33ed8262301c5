import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { loadPriceTable } from "@/lib/cost/load-price-table";
import { listAlertRules } from "@/lib/queries/list-alert-rules";
import { createAlertRule } from "@/lib/store/alert-rule-rows";
import type { AlertRuleFields } from "@/lib/store/alert-rule-schema";
import type { SourceRef } from "@/lib/store/store-execution";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import type { AlertSignal } from "@/lib/queries/alert-signals/alert-signal";
import { readAlertSignalsBatch, readAlertSignalsFromRollups, readAlertSignalsPerRule } from "./read-alert-signals";

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
    // Around the hours the windows of the rollup reads start in (each window's part hour is read raw).
    ["MachineA", "SUCCEEDED", -61, upload],
    ["MachineA", "FAILED", -119, upload],
    ["MachineA", "SUCCEEDED", -121, upload],
    ["MachineB", "SUCCEEDED", -179, upload],
    ["MachineB", "FAILED", -181, upload],
    ["MachineA", "SUCCEEDED", -150, local],
    ["MachineB", "SUCCEEDED", 25, upload],
  ];
  for (const [i, [machine, status, at, source]] of runs.entries()) {
    const built = buildExecutionHistory({
      name: `x${i}`,
      stateMachineName: machine,
      status,
      startDate: minutes(at).toISOString(),
      tasks: 1 + (i % 5),
    });
    await importHistoryText(db, JSON.stringify({ events: built.parsed.events }), {
      fileName: `x${i}.json`,
      executionArn: built.parsed.identity.executionArn,
      source,
    });
  }
  // Stored RUNNING, then again FAILED (as a redrive's or a later sync's history): counted once, as it is now.
  for (const status of ["RUNNING", "FAILED"] as const) {
    const built = buildExecutionHistory({
      name: "again",
      stateMachineName: "MachineA",
      status,
      startDate: minutes(-100).toISOString(),
      tasks: status === "RUNNING" ? 2 : 4,
    });
    await importHistoryText(db, JSON.stringify({ events: built.parsed.events }), {
      fileName: `again-${status}.json`,
      executionArn: built.parsed.identity.executionArn,
      source: upload,
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
    { kind: "duration-p95", above: "1ms", window: "90m", minCount: 1 },
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

describe("the evaluator's reads (readAlertSignalsBatch)", () => {
  it("leave local runs out unless the scope names the local source", async () => {
    const rules = await listAlertRules(db.pool);
    const rule = (name: string) => rules.find((r) => r.name === name)!;
    const prices = await loadPriceTable(db, t0);
    const found = await readAlertSignalsBatch(db.pool, rules, t0, prices);
    const names = (name: string) =>
      (found.get(rule(name).id) ?? []).map((s) => (s.facts.executionArn ?? "").split(":").pop()).sort();
    // Running over an hour: MachineA's upload x3 (since -300) and MachineB's local run x8 (since -200).
    expect(names("r0-7")).toEqual(["x3"]);
    expect(names("r2-7")).toEqual(["x8"]);
    // New failures in the last hour: MachineA's uploads x0 (-10) and x1 (-50), MachineB's local x7 (-5).
    expect(names("r0-0")).toEqual(["x0", "x1"]);
    expect(names("r2-0")).toEqual(["x7"]);
    // Failure rate over 2 h, MachineB: uploads failed at -100, succeeded at -90, -30 and +25; the local
    // failure at -5 is not counted (it would make 2 of 5).
    const rateB = (found.get(rule("r0-2").id) ?? []).find((s) => s.facts.where === "MachineB");
    expect([rateB?.facts.count, rateB?.facts.value]).toEqual([1, 25]);
    const localB = (found.get(rule("r2-2").id) ?? []).find((s) => s.facts.where === "MachineB");
    expect([localB?.facts.count, localB?.facts.value]).toEqual([1, 100]);
  });
});

const sorted = (signals: readonly AlertSignal[] | undefined) =>
  [...(signals ?? [])].sort((a, b) => a.key.localeCompare(b.key));

describe("readAlertSignalsFromRollups", () => {
  // Windows that start on the hour and windows that start inside one (their part hour read raw).
  const nows = [t0, minutes(17), minutes(43), minutes(90)];

  it("finds the same incidents as reading the executions, with the same facts", async () => {
    const rules = await listAlertRules(db.pool);
    let compared = 0;
    for (const now of nows) {
      const prices = await loadPriceTable(db, now);
      const raw = await readAlertSignalsBatch(db.pool, rules, now, prices);
      const rollups = await readAlertSignalsFromRollups(db.pool, rules, now, prices);
      for (const rule of rules) {
        const [want, got] = [sorted(raw.get(rule.id)), sorted(rollups.get(rule.id))];
        const at = { rule: rule.name, now: now.toISOString() };
        expect({ ...at, signals: got }).toEqual({ ...at, signals: want });
        compared += want.length;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it("gives the known answers of the fixture", async () => {
    const rules = await listAlertRules(db.pool);
    const byName = (name: string) => rules.find((r) => r.name === name)!;
    const prices = await loadPriceTable(db, minutes(17));
    const found = await readAlertSignalsFromRollups(db.pool, rules, minutes(17), prices);
    // MachineA's uploads since 10:17 (2 h before 12:17; 10:17–11:00 read raw): failed at -100 (stored
    // RUNNING, then FAILED), -50, -10; succeeded at -61, -20. 3 of 5 ended failed.
    const rate = sorted(found.get(byName("r1-2").id));
    expect(rate.map((s) => [s.key.split(":").pop(), s.facts.value, s.facts.count])).toEqual([["MachineA", 60, 3]]);
    // The local source alone (rules r2-*): MachineB's local run RUNNING since -200 is over an hour; nothing else.
    const long = sorted(found.get(byName("r2-7").id));
    expect(long.map((s) => s.key.split(":").pop())).toEqual(["x8"]);
  });
});
