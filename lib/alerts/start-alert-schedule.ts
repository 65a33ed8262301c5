import type { Database } from "@/lib/db/database";
import { alertRunOptionsFromEnv } from "./alerts-env";
import { createAlertTrigger, setProcessAlertTrigger } from "./alert-trigger";

/**
 * Evaluates the alert rules in this process (web server or worker) every minute and after
 * each import or sync asks for one (`requestAlertEvaluation`); settings from the environment.
 * Returns a stop function.
 */
export function startAlertSchedule(db: Database, log: (message: string) => void): () => void {
  const trigger = createAlertTrigger(db, {
    run: () => alertRunOptionsFromEnv(),
    log,
    onRun: (run) => {
      for (const d of run.deliveries)
        log(`alert ${d.outcome}: ${d.title} → ${d.target}${d.error ? ` (${d.error})` : ""}`);
    },
  });
  setProcessAlertTrigger(trigger);
  return () => trigger.stop();
}
