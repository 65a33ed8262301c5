// How bench:load's users are paced, and each route's figures merged from every request it answered.

import { prng } from "../queries/generate-corpus";

/**
 * `independent`: each user sends its requests at its own phase within the pacing period (real
 * users do not click in step); `aligned`: every user's first request at the same instant, so all
 * of them send together each period (autocannon's own pacing of the connections of one instance);
 * `closed`: each user asks again as soon as it is answered (no pacing).
 */
export type Pacing = "independent" | "aligned" | "closed";

/** What the report says of each pacing. */
export function describePacing(pacing: Pacing, ratePerUser: number, seed: number): string {
  if (pacing === "closed") return "closed loop: each user asks again as soon as it is answered";
  const every = `${ratePerUser} request(s) a second per user`;
  return pacing === "aligned"
    ? `${every}, ALIGNED: every user sends at the same instant each ${formatPeriod(ratePerUser)} (--aligned)`
    : `${every}, INDEPENDENT: each user at its own random phase within the first ${formatPeriod(ratePerUser)} (seed ${seed})`;
}

const formatPeriod = (ratePerUser: number) => `${(1000 / ratePerUser).toFixed(0)} ms`;

/**
 * The start offset (ms) of each of `users` users paced at `ratePerUser` requests a second: each
 * one uniform in [0, 1000 / ratePerUser), independent of the others, from a generator seeded by
 * `seed` (the same seed gives the same phases, so two servers can be measured under the same ones).
 */
export function userPhasesMs(users: number, ratePerUser: number, seed: number): number[] {
  if (!(ratePerUser > 0)) throw new Error(`user phases: the rate must be > 0 requests a second, got ${ratePerUser}`);
  const next = prng(seed);
  const period = 1000 / ratePerUser;
  return Array.from({ length: users }, () => next() * period);
}

/** One route's figures, summed over the autocannon instances (users) that asked it. */
export interface RouteFigures {
  /** The latency of every answered request (ms), any status. */
  readonly latenciesMs: number[];
  /** How many answers of each status other than 2xx. */
  readonly otherStatuses: Map<number, number>;
  answered: number;
  non2xx: number;
  /** Connection errors and 10-s timeouts. */
  errors: number;
  timeouts: number;
  /** Sent and neither answered nor failed when the run ended. */
  inFlight: number;
}

export const emptyFigures = (): RouteFigures => ({
  latenciesMs: [],
  otherStatuses: new Map(),
  answered: 0,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  inFlight: 0,
});

/** Adds one autocannon instance's counters (its result) to a route's figures. */
export function addInstanceResult(
  figures: RouteFigures,
  result: { requests: { sent: number; total: number }; errors: number; timeouts: number; non2xx: number },
): void {
  figures.answered += result.requests.total;
  figures.errors += result.errors;
  figures.timeouts += result.timeouts;
  figures.non2xx += result.non2xx;
  figures.inFlight += Math.max(0, result.requests.sent - result.requests.total - result.errors);
}

/** The `q` quantile of ascending `sorted` (nearest rank). */
export const pct = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;

/**
 * p50, p99 and max of a route, from all its requests' latencies (never from per-user
 * percentiles). A paced user sends its next request only once the last is answered: one
 * answered after more than a period `periodMs` stood for the requests that user would have sent
 * meanwhile, which are counted as having waited that much less each (coordinated-omission
 * correction, as HdrHistogram's `recordValueWithExpectedInterval` does; autocannon applies it with
 * an interval of 1 ms at any rate, `Math.ceil(1 / rate)`, so its own percentiles are not used).
 */
export function latencySummary(
  latenciesMs: readonly number[],
  periodMs: number | null,
): { p50: number; p99: number; max: number; count: number } {
  const all: number[] = [];
  for (const ms of latenciesMs) {
    all.push(ms);
    if (periodMs !== null) for (let missed = ms - periodMs; missed >= periodMs; missed -= periodMs) all.push(missed);
  }
  all.sort((a, b) => a - b);
  return { p50: pct(all, 0.5), p99: pct(all, 0.99), max: all.at(-1) ?? NaN, count: all.length };
}
