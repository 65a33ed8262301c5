-- The query language's `failedState = X` (lib/queries/query-language/compile-query.ts) selects
-- executions with a state run named X that ended in an error (`status IN ('FAILED', 'TIMED_OUT',
-- 'CAUGHT')`, written with the same constants so the planner matches this predicate). The index
-- `(name, execution_id) INCLUDE (status)` answered it by reading every run of that name and
-- filtering out the successful ones: 473,103 runs of "Ship" to find 8,969 failed ones over
-- 1,000,000 executions (1.3 s at load 17, bench/queries/query-language.ts). Partial: only the
-- runs that failed, a few percent of all.

-- CreateIndex
CREATE INDEX IF NOT EXISTS "state_runs_failed_name_execution_id_idx" ON "state_runs" ("name", "execution_id")
  WHERE "status" IN ('FAILED', 'TIMED_OUT', 'CAUGHT');
