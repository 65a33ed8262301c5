-- Executions list at scale: the page's ids come from index-only scans (the filters' columns
-- are INCLUDEd), keyset paging seeks on (sort value, id), and text search can use a trigram
-- index on every column it searches. IF NOT EXISTS: the query benchmark may have built them.

-- CreateIndex
CREATE INDEX IF NOT EXISTS "executions_start_date_id_idx" ON "executions"("start_date" DESC, "id" DESC) INCLUDE ("status", "state_machine_id", "source_id");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "executions_duration_ms_id_idx" ON "executions"("duration_ms" DESC NULLS LAST, "id" DESC) INCLUDE ("start_date", "status", "state_machine_id", "source_id");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "executions_root_cause_state_trgm_idx" ON "executions" USING GIN ("root_cause_state" gin_trgm_ops);
