-- Alert conditions read failures, not every execution (lib/queries/alert-signals):
-- new-failure-group groups the failed executions of its window by signature, and failure-rate
-- (counted from the hourly rollups) reads the first and last failure and the newest one of each
-- state machine over its threshold. Both partial indexes hold FAILED and TIMED_OUT executions
-- only (8.5% of the 1,000,000-execution benchmark corpus), so those reads are index-only range
-- scans of a window's failures. Built from the existing rows by CREATE INDEX itself.

-- CreateIndex
CREATE INDEX "executions_failed_start_date_idx" ON "executions"("start_date" DESC)
  INCLUDE ("id", "state_machine_id", "source_id", "failure_signature")
  WHERE "status" IN ('FAILED', 'TIMED_OUT');

-- CreateIndex
CREATE INDEX "executions_failed_state_machine_idx" ON "executions"("state_machine_id", "source_id", "start_date" DESC)
  INCLUDE ("id")
  WHERE "status" IN ('FAILED', 'TIMED_OUT');
