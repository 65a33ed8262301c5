-- CreateIndex
CREATE INDEX "executions_source_id_status_start_date_idx" ON "executions"("source_id", "status", "start_date" DESC);
