-- Distributed Map runs as DescribeMapRun reports them: status, limits and item/child
-- execution counts, kept per Map Run and linked to the execution that started it.
CREATE TABLE "map_runs" (
    "map_run_arn" TEXT NOT NULL,
    "execution_id" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "start_date" TIMESTAMPTZ(3) NOT NULL,
    "stop_date" TIMESTAMPTZ(3),
    "max_concurrency" INTEGER NOT NULL,
    "tolerated_failure_percentage" DOUBLE PRECISION NOT NULL,
    "tolerated_failure_count" BIGINT NOT NULL,
    "item_counts" JSONB NOT NULL,
    "execution_counts" JSONB NOT NULL,
    "redrive_count" INTEGER NOT NULL DEFAULT 0,
    "redrive_date" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "map_runs_pkey" PRIMARY KEY ("map_run_arn"),
    CONSTRAINT "map_runs_execution_id_fkey" FOREIGN KEY ("execution_id") REFERENCES "executions"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "map_runs_execution_id_idx" ON "map_runs"("execution_id");
