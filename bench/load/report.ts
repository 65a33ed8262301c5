// The table and goals bench:load prints after the load.
import type autocannon from "autocannon";
import type { LocalRunStats } from "./local-runs";
import type { Route } from "./routes";

export const GOAL_P99_MS = 300;
export const GOAL_HEALTH_MS = 200;

/** The `q` quantile of ascending `sorted` (nearest rank). */
export const pct = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;

/** What one load run measured. */
export interface LoadReport {
  readonly results: readonly autocannon.Result[];
  readonly all: readonly Route[];
  readonly connections: number;
  readonly durationS: number;
  readonly cpus: number;
  /** 1-minute load averages sampled during the run. */
  readonly load: readonly number[];
  /** The server process's CPU seconds before and after the run (null where /proc is missing). */
  readonly cpuBefore: number | null;
  readonly cpuAfter: number | null;
  readonly healthEveryMs: number;
  readonly healthSamples: { ms: number[]; failed: number; why: Record<string, number> };
  readonly localStats: LocalRunStats | null;
}

/** Prints p50/p99 per route, /api/health, the local runs and each goal's PASS/FAIL. */
export function printReport(report: LoadReport): void {
  const { results, all, connections, durationS, cpus, load, cpuBefore, cpuAfter, healthSamples, localStats } = report;
  const HEALTH_EVERY_MS = report.healthEveryMs;
  const line = (...cells: string[]) =>
    console.log(
      `| ${cells[0]!.padEnd(34)} | ${cells
        .slice(1)
        .map((c) => c.padStart(10))
        .join(" | ")} |`,
    );
  const answered = results.reduce((n, r) => n + r.requests.total, 0);
  // The server is one Node process: its share of one core is what it could serve with.
  const cpu =
    cpuBefore !== null && cpuAfter !== null
      ? `; the server process used ${(cpuAfter - cpuBefore).toFixed(1)} CPU s (${((100 * (cpuAfter - cpuBefore)) / durationS).toFixed(0)} % of one core), ${((1000 * (cpuAfter - cpuBefore)) / Math.max(answered, 1)).toFixed(0)} ms per answered route request (health checks and local runs included)`
      : "";
  console.log(
    `\n1-minute load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${cpus} CPUs${cpu}\n`,
  );
  line("route", "users", "requests", "p50 ms", "p99 ms", "max ms", "errors", "non-2xx", "in flight", "goal");
  line("---", "---", "---", "---", "---", "---", "---", "---", "---", "---");
  // Sent and not yet answered when the run ended (autocannon leaves them out; one that waited 10 s is a timeout, an error).
  const inFlight = results.map((r) => Math.max(0, r.requests.sent - r.requests.total - r.errors));
  const routeOk = results.map((r) => r.requests.total > 0 && r.latency.p99 < GOAL_P99_MS && r.errors + r.non2xx === 0);
  results.forEach((res, i) => {
    const users = Math.floor(connections / all.length) + (i < connections % all.length ? 1 : 0);
    line(
      all[i]!.name,
      String(users),
      String(res.requests.total),
      String(res.latency.p50),
      String(res.latency.p99),
      String(res.latency.max),
      String(res.errors),
      String(res.non2xx),
      String(inFlight[i]),
      routeOk[i] ? "PASS" : "FAIL",
    );
  });
  const h = [...healthSamples.ms].sort((a, b) => a - b);
  const hMax = h.at(-1) ?? NaN;
  console.log(
    `\n/api/health every ${HEALTH_EVERY_MS} ms: ${h.length} samples, p50 ${pct(h, 0.5).toFixed(1)} ms, p99 ${pct(h, 0.99).toFixed(1)} ms, max ${hMax.toFixed(1)} ms, ` +
      `${h.filter((x) => x > GOAL_HEALTH_MS).length} over ${GOAL_HEALTH_MS} ms, ${healthSamples.failed} failed${
        healthSamples.failed
          ? ` (${Object.entries(healthSamples.why)
              .map(([k, n]) => `${n}× ${k}`)
              .join(", ")})`
          : ""
      }`,
  );
  if (localStats) {
    const l = [...localStats.ms].sort((a, b) => a - b);
    console.log(
      `local runs (operator, back to back): ${localStats.runs} started, ${[...localStats.statuses].map(([k, n]) => `${n}× ${k}`).join(", ")}; ` +
        `answered in p50 ${pct(l, 0.5).toFixed(0)} ms, max ${(l.at(-1) ?? NaN).toFixed(0)} ms`,
    );
  }
  const totalErrors = results.reduce((n, r) => n + r.errors + r.non2xx, 0);
  const p99Ok = results.every((r) => r.requests.total > 0 && r.latency.p99 < GOAL_P99_MS);
  const healthOk = hMax <= GOAL_HEALTH_MS && healthSamples.failed === 0;
  console.log(`\ngoal p99 < ${GOAL_P99_MS} ms on every route: ${p99Ok ? "PASS" : "FAIL"}`);
  console.log(
    `goal 0 errors (connection errors, 10-s timeouts, non-2xx): ${totalErrors === 0 ? "PASS" : `FAIL (${totalErrors})`}`,
  );
  console.log(`goal /api/health never over ${GOAL_HEALTH_MS} ms: ${healthOk ? "PASS" : "FAIL"}`);
  console.log(`overall: ${p99Ok && totalErrors === 0 && healthOk ? "PASS" : "FAIL"}`);
}
