import type { AlertRuleFields } from "../../lib/store/alert-rule-schema";

/** The benchmark's 50 rules: ten of each condition, over all state machines, three machines, or a region. */
export function benchRules(machines: readonly string[], region: string): AlertRuleFields[] {
  const scopes = (i: number) =>
    i % 3 === 0
      ? {}
      : i % 3 === 1
        ? { stateMachines: machines.slice(i % machines.length, (i % machines.length) + 3) }
        : { regions: [region] };
  const out: AlertRuleFields[] = [];
  for (let i = 0; i < 10; i += 1) {
    const base = { scope: scopes(i), notify: [], repeatMinutes: 60 };
    out.push({ ...base, name: `nfg-${i}`, condition: { kind: "new-failure-group", quietFor: `${6 + i}h` } });
    out.push({
      ...base,
      name: `rate-${i}`,
      condition: { kind: "failure-rate", abovePercent: 2 + i, window: `${1 + i}h` },
    });
    out.push({
      ...base,
      name: `p95-${i}`,
      condition:
        i % 2 === 0
          ? { kind: "duration-p95", above: `${10 + i}s`, window: "1h" }
          : { kind: "duration-p95", aboveRatio: 1.5, window: "6h" },
    });
    out.push({ ...base, name: `long-${i}`, condition: { kind: "running-longer-than", after: `${1 + i}h` } });
    out.push({ ...base, name: `cost-${i}`, condition: { kind: "monthly-cost", budgetUsd: 10 * (i + 1) } });
  }
  return out;
}
