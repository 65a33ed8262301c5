-- Weekly per-state rollups (ISO weeks, Monday 00:00 UTC) for the Failures (retries) and
-- Costs (states by transitions) pages over long ranges: kept equal to the daily rows
-- summed by triggers on state_daily_rollups, as execution_duration_weekly_rollups are.

-- CreateTable
CREATE TABLE "state_weekly_rollups" (
    "week" DATE NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "state_name" TEXT NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "transitions" BIGINT NOT NULL DEFAULT 0,
    "attempts" BIGINT NOT NULL DEFAULT 0,
    "retries" BIGINT NOT NULL DEFAULT 0,
    "retried_runs" INTEGER NOT NULL DEFAULT 0,
    "retried_succeeded" INTEGER NOT NULL DEFAULT 0,
    "retries_exhausted" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "state_weekly_rollups_pkey" PRIMARY KEY ("week","state_machine_id","source_id","state_name")
);

-- AddForeignKey
ALTER TABLE "state_weekly_rollups" ADD CONSTRAINT "state_weekly_rollups_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "state_weekly_rollups"
SELECT date_trunc('week', "day")::date, "state_machine_id", "source_id", "state_name", sum("runs"), sum("transitions"), sum("attempts"),
       sum("retries"), sum("retried_runs"), sum("retried_succeeded"), sum("retries_exhausted")
  FROM "state_daily_rollups" GROUP BY 1, 2, 3, 4;

-- One upsert per statement of the signed changes (new rows +, old rows −), in key order
-- (concurrent writers lock shared weekly rows in the same order). A transition table exists
-- only for the events its trigger names, hence one branch per operation.
CREATE FUNCTION "state_weekly_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM state_weekly_rollups;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO state_weekly_rollups AS w (week, state_machine_id, source_id, state_name, runs, transitions, attempts, retries, retried_runs, retried_succeeded, retries_exhausted)
    SELECT date_trunc('week', d.day)::date, d.state_machine_id, d.source_id, d.state_name, sum(d.sign * d.runs), sum(d.sign * d.transitions), sum(d.sign * d.attempts), sum(d.sign * d.retries), sum(d.sign * d.retried_runs), sum(d.sign * d.retried_succeeded), sum(d.sign * d.retries_exhausted)
      FROM (SELECT 1 AS sign, n.* FROM new_rows n) d
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (week, state_machine_id, source_id, state_name) DO UPDATE SET runs = w.runs + EXCLUDED.runs, transitions = w.transitions + EXCLUDED.transitions, attempts = w.attempts + EXCLUDED.attempts, retries = w.retries + EXCLUDED.retries, retried_runs = w.retried_runs + EXCLUDED.retried_runs, retried_succeeded = w.retried_succeeded + EXCLUDED.retried_succeeded, retries_exhausted = w.retries_exhausted + EXCLUDED.retries_exhausted;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO state_weekly_rollups AS w (week, state_machine_id, source_id, state_name, runs, transitions, attempts, retries, retried_runs, retried_succeeded, retries_exhausted)
    SELECT date_trunc('week', d.day)::date, d.state_machine_id, d.source_id, d.state_name, sum(d.sign * d.runs), sum(d.sign * d.transitions), sum(d.sign * d.attempts), sum(d.sign * d.retries), sum(d.sign * d.retried_runs), sum(d.sign * d.retried_succeeded), sum(d.sign * d.retries_exhausted)
      FROM (SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1, o.* FROM old_rows o) d
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (week, state_machine_id, source_id, state_name) DO UPDATE SET runs = w.runs + EXCLUDED.runs, transitions = w.transitions + EXCLUDED.transitions, attempts = w.attempts + EXCLUDED.attempts, retries = w.retries + EXCLUDED.retries, retried_runs = w.retried_runs + EXCLUDED.retried_runs, retried_succeeded = w.retried_succeeded + EXCLUDED.retried_succeeded, retries_exhausted = w.retries_exhausted + EXCLUDED.retries_exhausted;
  ELSE
    INSERT INTO state_weekly_rollups AS w (week, state_machine_id, source_id, state_name, runs, transitions, attempts, retries, retried_runs, retried_succeeded, retries_exhausted)
    SELECT date_trunc('week', d.day)::date, d.state_machine_id, d.source_id, d.state_name, sum(d.sign * d.runs), sum(d.sign * d.transitions), sum(d.sign * d.attempts), sum(d.sign * d.retries), sum(d.sign * d.retried_runs), sum(d.sign * d.retried_succeeded), sum(d.sign * d.retries_exhausted)
      FROM (SELECT -1 AS sign, o.* FROM old_rows o) d
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (week, state_machine_id, source_id, state_name) DO UPDATE SET runs = w.runs + EXCLUDED.runs, transitions = w.transitions + EXCLUDED.transitions, attempts = w.attempts + EXCLUDED.attempts, retries = w.retries + EXCLUDED.retries, retried_runs = w.retried_runs + EXCLUDED.retried_runs, retried_succeeded = w.retried_succeeded + EXCLUDED.retried_succeeded, retries_exhausted = w.retries_exhausted + EXCLUDED.retries_exhausted;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "state_daily_rollups_weekly_insert" AFTER INSERT ON "state_daily_rollups"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "state_weekly_apply"();
CREATE TRIGGER "state_daily_rollups_weekly_update" AFTER UPDATE ON "state_daily_rollups"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "state_weekly_apply"();
CREATE TRIGGER "state_daily_rollups_weekly_delete" AFTER DELETE ON "state_daily_rollups"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "state_weekly_apply"();
CREATE TRIGGER "state_daily_rollups_weekly_truncate" AFTER TRUNCATE ON "state_daily_rollups"
  FOR EACH STATEMENT EXECUTE FUNCTION "state_weekly_apply"();
