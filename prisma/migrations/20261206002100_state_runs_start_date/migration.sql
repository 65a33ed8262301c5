-- The executions a query's `state = X` / `failedState = X` selects, listed from the state runs'
-- name indexes with their start dates (lib/queries/query-language/compile-query.ts, `drivers`):
-- newest first, then each read by (id, start_date), one month's partition. Both indexes carried
-- the execution id alone, so each run read its heap row for the start date (1,361 failed runs of
-- one state in the last 7 days read 4,959 heap blocks at 1,000,000 executions). They now INCLUDE
-- it: an index-only scan, whose start-date bound is checked in the index too.
-- Built again under the same names on the partitioned table, then the partitions' indexes renamed
-- as migration 20261205100000 names them (parent name + suffix).

SET LOCAL maintenance_work_mem = '256MB';

-- DropIndex
DROP INDEX "state_runs_name_execution_id_idx";
DROP INDEX "state_runs_failed_name_execution_id_idx";

-- CreateIndex
CREATE INDEX "state_runs_name_execution_id_idx" ON "state_runs" ("name", "execution_id") INCLUDE ("status", "start_date");

-- CreateIndex: the runs that ended in an error (migration 20261205121600), with the same constants.
CREATE INDEX "state_runs_failed_name_execution_id_idx" ON "state_runs" ("name", "execution_id") INCLUDE ("start_date")
  WHERE "status" IN ('FAILED', 'TIMED_OUT', 'CAUGHT');

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT i.inhrelid AS part FROM pg_inherits i WHERE i.inhparent = 'state_runs'::regclass LOOP
    PERFORM stepscope_name_partition_indexes(r.part);
  END LOOP;
END $$;
