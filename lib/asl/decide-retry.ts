import { isTerminalError } from "./states-error";
import { isJsonObject, type Json } from "./types";

/**
 * Whether an `ErrorEquals` list matches `error`. `States.ALL` never retries `States.Runtime`
 * or `States.DataLimitExceeded`; in a `Catch` it catches `States.DataLimitExceeded` (as AWS
 * recordings show) but not `States.Runtime`. `States.TaskFailed` matches any Task error.
 */
export function errorMatches(errorEquals: Json, error: string, use: "retry" | "catch" = "retry"): boolean {
  if (!Array.isArray(errorEquals)) return false;
  return errorEquals.some((name) => {
    if (name === error) return true;
    if (name === "States.ALL") return use === "catch" ? error !== "States.Runtime" : !isTerminalError(error);
    if (name === "States.TaskFailed") return !error.startsWith("States.") || error === "States.Timeout";
    return false;
  });
}

/** What a failed attempt leads to: another attempt after `delayMs`, or no retry. */
export type RetryDecision =
  | { readonly outcome: "retry"; readonly delayMs: number; readonly retrierIndex: number }
  | { readonly outcome: "no-retry" };

/**
 * `Retry`: the first retrier whose `ErrorEquals` matches decides. It allows `MaxAttempts`
 * (default 3; 0 never retries) retries; the n-th waits `IntervalSeconds` (default 1) ×
 * `BackoffRate` (default 2)^n, capped by `MaxDelaySeconds`, scaled by a random fraction
 * when `JitterStrategy` is `FULL`. `attempts[i]` counts retries already made by retrier i.
 */
export function decideRetry(
  retry: Json | undefined,
  error: string,
  attempts: readonly number[],
  random: () => number,
): RetryDecision {
  if (!Array.isArray(retry)) return { outcome: "no-retry" };
  const index = retry.findIndex((r) => isJsonObject(r) && errorMatches(r["ErrorEquals"] ?? null, error));
  const retrier = retry[index];
  if (!isJsonObject(retrier)) return { outcome: "no-retry" };
  const max = typeof retrier["MaxAttempts"] === "number" ? retrier["MaxAttempts"] : 3;
  const done = attempts[index] ?? 0;
  if (done >= max) return { outcome: "no-retry" };
  const interval = typeof retrier["IntervalSeconds"] === "number" ? retrier["IntervalSeconds"] : 1;
  const rate = typeof retrier["BackoffRate"] === "number" ? retrier["BackoffRate"] : 2;
  let seconds = interval * rate ** done;
  if (typeof retrier["MaxDelaySeconds"] === "number") seconds = Math.min(seconds, retrier["MaxDelaySeconds"]);
  if (retrier["JitterStrategy"] === "FULL") seconds *= random();
  return { outcome: "retry", delayMs: Math.round(seconds * 1000), retrierIndex: index };
}

/** `Catch`: the first catcher whose `ErrorEquals` matches, or undefined (always for `States.Runtime`). */
export function findCatcher(catchers: Json | undefined, error: string): { readonly [key: string]: Json } | undefined {
  if (!Array.isArray(catchers)) return undefined;
  // AWS never catches States.Runtime, even when a catcher names it.
  if (error === "States.Runtime") return undefined;
  const found = catchers.find((c) => isJsonObject(c) && errorMatches(c["ErrorEquals"] ?? null, error, "catch"));
  return isJsonObject(found) ? found : undefined;
}
