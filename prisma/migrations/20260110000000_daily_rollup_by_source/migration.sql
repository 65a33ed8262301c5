-- The overview's daily rollup gets the source as a key, like every other rollup: it was keyed by
-- (day, state machine) only, so a local replay counted under its original's (AWS) state machine
-- could not be told apart from the AWS executions, and local runs could not be left out of the
-- figures. The rows are rebuilt from the executions (the same sums lib/store/apply-rollup-delta.ts
-- keeps; the longest duration is the true maximum again).
ALTER TABLE "execution_daily_rollups" DROP CONSTRAINT "execution_daily_rollups_pkey";

DELETE FROM "execution_daily_rollups";

INSERT INTO "execution_daily_rollups" ("day", "state_machine_id", "source_id", "total", "running", "succeeded",
  "failed", "timed_out", "aborted", "pending_redrive", "billable_transitions", "retries", "duration_ms_sum",
  "duration_ms_max", "duration_count")
SELECT (e."start_date" AT TIME ZONE 'UTC')::date, e."state_machine_id", e."source_id", count(*),
       count(*) FILTER (WHERE e."status" = 'RUNNING'), count(*) FILTER (WHERE e."status" = 'SUCCEEDED'),
       count(*) FILTER (WHERE e."status" = 'FAILED'), count(*) FILTER (WHERE e."status" = 'TIMED_OUT'),
       count(*) FILTER (WHERE e."status" = 'ABORTED'), count(*) FILTER (WHERE e."status" = 'PENDING_REDRIVE'),
       sum(e."billable_transitions"), sum(e."retries"), coalesce(sum(e."duration_ms"), 0),
       coalesce(max(e."duration_ms"), 0), count(e."duration_ms")
  FROM "executions" e
 GROUP BY 1, 2, 3;

ALTER TABLE "execution_daily_rollups"
  ADD CONSTRAINT "execution_daily_rollups_pkey" PRIMARY KEY ("day", "state_machine_id", "source_id");
