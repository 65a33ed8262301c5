import { claimAlertEvaluation } from "@/lib/store/alert-evaluation-claim";
import type { Database } from "@/lib/db/database";
import { runAlertEvaluation, type AlertRun, type AlertRunOptions } from "./run-alert-evaluation";

/** The `app_settings` row holding when any process last evaluated the rules. */

/** Settings of {@link createAlertTrigger}. */
export interface AlertTriggerOptions {
  /** At most one evaluation this often, across every process; default 60,000 ms. */
  readonly minIntervalMs?: number;
  /** Evaluate this often without being asked (time passing opens and resolves incidents too); default 60,000 ms; 0: never. */
  readonly everyMs?: number;
  readonly run: AlertRunOptions | (() => AlertRunOptions);
  readonly log?: (message: string) => void;
  /** Told of each evaluation this process ran. */
  readonly onRun?: (run: AlertRun) => void;
}

/** Asks for evaluations; {@link AlertTrigger.stop} ends the timers. */
export interface AlertTrigger {
  /** An evaluation soon (new executions were stored): now, or once a minute has passed since the last one. */
  request(): void;
  stop(): void;
}

/**
 * Runs alert evaluations in this process: every `everyMs`, and soon after `request()` (a
 * sync or an import stored new executions), never two at once here and, through the
 * `app_settings` row, at most one per `minIntervalMs` across every web and worker process.
 */
export function createAlertTrigger(db: Database, options: AlertTriggerOptions): AlertTrigger {
  const minIntervalMs = options.minIntervalMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  let stopped = false;

  const schedule = (delayMs: number): void => {
    if (stopped || timer !== null) return;
    timer = setTimeout(
      () => {
        timer = null;
        void attempt();
      },
      Math.max(0, delayMs),
    );
    timer.unref();
  };

  const attempt = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const now = new Date();
      const nextAt = await claimAlertEvaluation(db, now, minIntervalMs);
      if (nextAt !== null) {
        schedule(nextAt - Date.now());
        return;
      }
      const run = await runAlertEvaluation(db, {
        ...(typeof options.run === "function" ? options.run() : options.run),
        now,
      });
      options.onRun?.(run);
    } catch (error) {
      options.log?.(`alert evaluation failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule(minIntervalMs);
      }
    }
  };

  const everyMs = options.everyMs ?? 60_000;
  const interval = everyMs > 0 ? setInterval(() => void attempt(), everyMs) : null;
  interval?.unref();
  return {
    request: () => {
      if (running) again = true;
      else schedule(0);
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (interval) clearInterval(interval);
    },
  };
}

const globalForAlerts = globalThis as unknown as { stepscopeAlertTrigger?: AlertTrigger };

/** Makes `trigger` this process's (the one {@link requestAlertEvaluation} asks). */
export function setProcessAlertTrigger(trigger: AlertTrigger): void {
  globalForAlerts.stepscopeAlertTrigger = trigger;
}

/** Asks this process's alert trigger for an evaluation soon (no-op when the process runs none). */
export function requestAlertEvaluation(): void {
  globalForAlerts.stepscopeAlertTrigger?.request();
}
