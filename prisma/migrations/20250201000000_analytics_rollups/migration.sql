-- AlterTable
ALTER TABLE "executions" ADD COLUMN "failure_signature" TEXT;

-- CreateTable
CREATE TABLE "failure_signatures" (
    "signature" TEXT NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "root_cause_state" TEXT,
    "error" TEXT,
    "normalized_cause" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "failure_signatures_pkey" PRIMARY KEY ("signature")
);

-- CreateTable
CREATE TABLE "failure_signature_daily_rollups" (
    "day" DATE NOT NULL,
    "signature" TEXT NOT NULL,
    "source_id" INTEGER NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "newest_execution_id" BIGINT NOT NULL,

    CONSTRAINT "failure_signature_daily_rollups_pkey" PRIMARY KEY ("day","signature","source_id")
);

-- CreateTable
CREATE TABLE "execution_hourly_rollups" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "running" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "timed_out" INTEGER NOT NULL DEFAULT 0,
    "aborted" INTEGER NOT NULL DEFAULT 0,
    "pending_redrive" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "execution_hourly_rollups_pkey" PRIMARY KEY ("hour","state_machine_id","source_id")
);

-- CreateTable
CREATE TABLE "execution_duration_hourly_rollups" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "execution_duration_hourly_rollups_pkey" PRIMARY KEY ("hour","state_machine_id","source_id","bucket")
);

-- CreateTable
CREATE TABLE "execution_cost_daily_rollups" (
    "day" DATE NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "executions" INTEGER NOT NULL DEFAULT 0,
    "billable_transitions" BIGINT NOT NULL DEFAULT 0,
    "billed_duration_ms" BIGINT NOT NULL DEFAULT 0,
    "billed_mb_ms" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "execution_cost_daily_rollups_pkey" PRIMARY KEY ("day","state_machine_id","source_id")
);

-- CreateTable
CREATE TABLE "state_daily_rollups" (
    "day" DATE NOT NULL,
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

    CONSTRAINT "state_daily_rollups_pkey" PRIMARY KEY ("day","state_machine_id","source_id","state_name")
);

-- CreateTable
CREATE TABLE "state_retry_error_daily_rollups" (
    "day" DATE NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "state_name" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "state_retry_error_daily_rollups_pkey" PRIMARY KEY ("day","state_machine_id","source_id","state_name","error")
);

-- CreateIndex
CREATE INDEX "executions_failure_signature_start_date_idx" ON "executions"("failure_signature", "start_date" DESC);

-- CreateIndex
CREATE INDEX "executions_event_count_idx" ON "executions"("event_count" DESC);

-- CreateIndex
CREATE INDEX "executions_billable_transitions_idx" ON "executions"("billable_transitions" DESC);

-- CreateIndex
CREATE INDEX "failure_signatures_state_machine_id_idx" ON "failure_signatures"("state_machine_id");

-- CreateIndex
CREATE INDEX "failure_signature_daily_rollups_signature_day_idx" ON "failure_signature_daily_rollups"("signature", "day");

-- CreateIndex
CREATE INDEX "failure_signature_daily_rollups_state_machine_id_day_idx" ON "failure_signature_daily_rollups"("state_machine_id", "day");

-- CreateIndex
CREATE INDEX "execution_hourly_rollups_state_machine_id_hour_idx" ON "execution_hourly_rollups"("state_machine_id", "hour");

-- CreateIndex
CREATE INDEX "execution_cost_daily_rollups_state_machine_id_day_idx" ON "execution_cost_daily_rollups"("state_machine_id", "day");

-- CreateIndex
CREATE INDEX "state_daily_rollups_state_machine_id_day_idx" ON "state_daily_rollups"("state_machine_id", "day");

-- AddForeignKey
ALTER TABLE "failure_signatures" ADD CONSTRAINT "failure_signatures_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "failure_signature_daily_rollups" ADD CONSTRAINT "failure_signature_daily_rollups_signature_fkey" FOREIGN KEY ("signature") REFERENCES "failure_signatures"("signature") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "execution_hourly_rollups" ADD CONSTRAINT "execution_hourly_rollups_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "execution_duration_hourly_rollups" ADD CONSTRAINT "execution_duration_hourly_rollups_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "execution_cost_daily_rollups" ADD CONSTRAINT "execution_cost_daily_rollups_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "state_daily_rollups" ADD CONSTRAINT "state_daily_rollups_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "state_retry_error_daily_rollups" ADD CONSTRAINT "state_retry_error_daily_rollups_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;
