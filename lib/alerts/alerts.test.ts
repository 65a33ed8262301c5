import { describe, expect, it } from "vitest";
import { createAlertRule, editAlertRule } from "@/lib/store/alert-rule-rows";
import type { SourceRef } from "@/lib/store/store-execution";
import { runAlertEvaluation } from "./run-alert-evaluation";
import { db, admin, options, importExecution, rule, kindsAt, at, useAlertsWorld } from "../../test/alerts/alerts-world";

// Each alert condition's life (open, repeat, resolve), and local runs kept out of alerts.
// Notifications: ./alert-notifications.test.ts.

useAlertsWorld();

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
