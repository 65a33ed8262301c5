-- The Costs page's most expensive executions, per state machine: walked from the most
-- billable transitions down, with the range, source and type checked in the index alone.

-- CreateIndex
CREATE INDEX IF NOT EXISTS "executions_state_machine_id_billable_transitions_idx" ON "executions"("state_machine_id", "billable_transitions" DESC) INCLUDE ("id", "start_date", "source_id", "type");
