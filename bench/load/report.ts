// The table and goals bench:load prints after the load.
import type { LocalRunStats } from "./local-runs";
import { latencySummary, pct, type RouteFigures } from "./pacing";
import type { Route } from "./routes";

export const GOAL_P99_MS = 300;
export const GOAL_HEALTH_MS = 200;

/** What one load run measured. */
export interface LoadReport {
  /** Each route's figures, every request's latency kept. */
  readonly figures: readonly RouteFigures[];
  /** How the users were paced, said plainly. */
  readonly pacing: string;
  /** A paced user's period (ms), for the coordinated-omission correction; null in a closed loop. */
  readonly periodMs: number | null;
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
  const {
    figures,
    pacing,
    periodMs,
    all,
    connections,
    durationS,
    cpus,
    load,
    cpuBefore,
    cpuAfter,
    healthSamples,
    localStats,
  } = report;
  const HEALTH_EVERY_MS = report.healthEveryMs;
  const line = (...cells: string[]) =>
    console.log(
      `| ${cells[0]!.padEnd(34)} | ${cells
        .slice(1)
        .map((c) => c.padStart(10))
        .join(" | ")} |`,
    );
  const answered = figures.reduce((n, r) => n + r.answered, 0);
  // The server is one Node process: its share of one core is what it could serve with.
  const cpu =
    cpuBefore !== null && cpuAfter !== null
      ? `; the server process used ${(cpuAfter - cpuBefore).toFixed(1)} CPU s (${((100 * (cpuAfter - cpuBefore)) / durationS).toFixed(0)} % of one core), ${((1000 * (cpuAfter - cpuBefore)) / Math.max(answered, 1)).toFixed(0)} ms per answered route request (health checks and local runs included)`
      : "";
  console.log(`\npacing: ${pacing}`);
  console.log(
    `1-minute load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${cpus} CPUs${cpu}\n`,
  );
  line("route", "users", "requests", "p50 ms", "p99 ms", "max ms", "errors", "non-2xx", "in flight", "goal");
  line("---", "---", "---", "---", "---", "---", "---", "---", "---", "---");
  // Percentiles over all of a route's requests (never per user, then averaged).
  const latency = figures.map((f) => latencySummary(f.latenciesMs, periodMs));
  const routeOk = figures.map((f, i) => f.answered > 0 && latency[i]!.p99 < GOAL_P99_MS && f.errors + f.non2xx === 0);
  figures.forEach((f, i) => {
    const users = Math.floor(connections / all.length) + (i < connections % all.length ? 1 : 0);
    line(
      all[i]!.name,
      String(users),
      String(f.answered),
      latency[i]!.p50.toFixed(0),
      latency[i]!.p99.toFixed(0),
      latency[i]!.max.toFixed(0),
      String(f.errors),
      String(f.non2xx),
      String(f.inFlight),
      routeOk[i] ? "PASS" : "FAIL",
    );
  });
  figures.forEach((f, i) => {
    if (f.otherStatuses.size)
      console.log(
        `${all[i]!.name} answered ${[...f.otherStatuses].map(([status, n]) => `${n}× HTTP ${status}`).join(", ")}`,
      );
  });
  const corrected = latency.reduce((n, l) => n + l.count, 0) - figures.reduce((n, f) => n + f.latenciesMs.length, 0);
  console.log(
    `(p50/p99/max over every answered request of the route, any status${
      periodMs !== null
        ? `; a request answered after more than ${periodMs.toFixed(0)} ms also counts the requests its user could not send meanwhile: ${corrected} such`
        : ""
    }; "in flight": sent and unanswered at the end)`,
  );
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
  const totalErrors = figures.reduce((n, r) => n + r.errors + r.non2xx, 0);
  const p99Ok = figures.every((f, i) => f.answered > 0 && latency[i]!.p99 < GOAL_P99_MS);
  const healthOk = hMax <= GOAL_HEALTH_MS && healthSamples.failed === 0;
  console.log(`\ngoal p99 < ${GOAL_P99_MS} ms on every route: ${p99Ok ? "PASS" : "FAIL"}`);
  console.log(
    `goal 0 errors (connection errors, 10-s timeouts, non-2xx): ${totalErrors === 0 ? "PASS" : `FAIL (${totalErrors})`}`,
  );
  console.log(`goal /api/health never over ${GOAL_HEALTH_MS} ms: ${healthOk ? "PASS" : "FAIL"}`);
  console.log(`overall: ${p99Ok && totalErrors === 0 && healthOk ? "PASS" : "FAIL"}`);
}
