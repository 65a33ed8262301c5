-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "source_kind" AS ENUM ('AWS', 'LOCAL', 'UPLOAD', 'DEMO');

-- CreateEnum
CREATE TYPE "sync_state" AS ENUM ('IDLE', 'RUNNING', 'FAILED');

-- CreateEnum
CREATE TYPE "workflow_type" AS ENUM ('STANDARD', 'EXPRESS');

-- CreateEnum
CREATE TYPE "execution_status" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE');

-- CreateEnum
CREATE TYPE "state_run_status" AS ENUM ('SUCCEEDED', 'FAILED', 'CAUGHT', 'RUNNING', 'ABORTED', 'TIMED_OUT');

-- CreateEnum
CREATE TYPE "attempt_status" AS ENUM ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'RUNNING', 'ABORTED');

-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('ADMIN', 'OPERATOR', 'VIEWER');

-- CreateTable
CREATE TABLE "sources" (
    "id" SERIAL NOT NULL,
    "kind" "source_kind" NOT NULL,
    "name" TEXT NOT NULL,
    "account_id" TEXT,
    "region" TEXT,
    "endpoint" TEXT,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "sync_state" "sync_state" NOT NULL DEFAULT 'IDLE',
    "sync_cursor" JSONB,
    "sync_started_at" TIMESTAMPTZ(3),
    "last_sync_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "state_machines" (
    "id" SERIAL NOT NULL,
    "arn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "workflow_type" NOT NULL,
    "source_id" INTEGER NOT NULL,
    "region" TEXT,
    "account_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "state_machines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "state_machine_definitions" (
    "id" SERIAL NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "revision_id" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "state_machine_definitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "executions" (
    "id" BIGSERIAL NOT NULL,
    "execution_arn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "definition_id" INTEGER,
    "source_id" INTEGER NOT NULL,
    "type" "workflow_type" NOT NULL,
    "status" "execution_status" NOT NULL,
    "start_date" TIMESTAMPTZ(3) NOT NULL,
    "stop_date" TIMESTAMPTZ(3),
    "duration_ms" BIGINT,
    "input" TEXT,
    "input_truncated" BOOLEAN NOT NULL DEFAULT false,
    "output" TEXT,
    "output_truncated" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "cause" TEXT,
    "root_cause_state" TEXT,
    "root_cause_run_key" TEXT,
    "root_cause_error" TEXT,
    "root_cause_cause" TEXT,
    "root_cause_event_id" INTEGER,
    "redrive_count" INTEGER NOT NULL DEFAULT 0,
    "redrive_status" TEXT,
    "redrive_status_reason" TEXT,
    "redrive_date" TIMESTAMPTZ(3),
    "role_arn" TEXT,
    "state_machine_version_arn" TEXT,
    "state_machine_alias_arn" TEXT,
    "account_id" TEXT,
    "region" TEXT,
    "parent_execution_id" BIGINT,
    "map_run_arn" TEXT,
    "replay_of_execution_id" BIGINT,
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "billable_transitions" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "map_run_child_executions" INTEGER NOT NULL DEFAULT 0,
    "history_complete" BOOLEAN NOT NULL DEFAULT false,
    "last_event_id" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "executions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "history_events" (
    "execution_id" BIGINT NOT NULL,
    "event_id" INTEGER NOT NULL,
    "previous_event_id" INTEGER NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "state_name" TEXT,
    "details" JSONB NOT NULL,

    CONSTRAINT "history_events_pkey" PRIMARY KEY ("execution_id","event_id")
);

-- CreateTable
CREATE TABLE "state_runs" (
    "id" BIGSERIAL NOT NULL,
    "execution_id" BIGINT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state_type" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "parent_key" TEXT,
    "entered_event_id" INTEGER NOT NULL,
    "exited_event_id" INTEGER,
    "entered_at" TIMESTAMPTZ(3) NOT NULL,
    "exited_at" TIMESTAMPTZ(3),
    "status" "state_run_status" NOT NULL,
    "input" TEXT,
    "output" TEXT,
    "error" TEXT,
    "cause" TEXT,
    "retry_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "state_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attempts" (
    "state_run_id" BIGINT NOT NULL,
    "index" INTEGER NOT NULL,
    "start_event_id" INTEGER NOT NULL,
    "end_event_id" INTEGER,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "status" "attempt_status" NOT NULL,
    "error" TEXT,
    "cause" TEXT,
    "backoff_ms" INTEGER,

    CONSTRAINT "attempts_pkey" PRIMARY KEY ("state_run_id","index")
);

-- CreateTable
CREATE TABLE "execution_daily_rollups" (
    "day" DATE NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "running" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "timed_out" INTEGER NOT NULL DEFAULT 0,
    "aborted" INTEGER NOT NULL DEFAULT 0,
    "pending_redrive" INTEGER NOT NULL DEFAULT 0,
    "billable_transitions" BIGINT NOT NULL DEFAULT 0,
    "retries" BIGINT NOT NULL DEFAULT 0,
    "duration_ms_sum" BIGINT NOT NULL DEFAULT 0,
    "duration_ms_max" BIGINT NOT NULL DEFAULT 0,
    "duration_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "execution_daily_rollups_pkey" PRIMARY KEY ("day","state_machine_id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "username" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "user_role" NOT NULL DEFAULT 'VIEWER',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "details" JSONB,
    "outcome" TEXT NOT NULL DEFAULT 'OK',

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sources_name_key" ON "sources"("name");

-- CreateIndex
CREATE UNIQUE INDEX "state_machines_arn_key" ON "state_machines"("arn");

-- CreateIndex
CREATE INDEX "state_machines_source_id_idx" ON "state_machines"("source_id");

-- CreateIndex
CREATE INDEX "state_machines_name_idx" ON "state_machines"("name");

-- CreateIndex
CREATE UNIQUE INDEX "state_machine_definitions_state_machine_id_hash_key" ON "state_machine_definitions"("state_machine_id", "hash");

-- CreateIndex
CREATE UNIQUE INDEX "executions_execution_arn_key" ON "executions"("execution_arn");

-- CreateIndex
CREATE INDEX "executions_start_date_idx" ON "executions"("start_date" DESC);

-- CreateIndex
CREATE INDEX "executions_status_start_date_idx" ON "executions"("status", "start_date" DESC);

-- CreateIndex
CREATE INDEX "executions_state_machine_id_start_date_idx" ON "executions"("state_machine_id", "start_date" DESC);

-- CreateIndex
CREATE INDEX "executions_source_id_start_date_idx" ON "executions"("source_id", "start_date" DESC);

-- CreateIndex
CREATE INDEX "executions_parent_execution_id_idx" ON "executions"("parent_execution_id");

-- CreateIndex
CREATE INDEX "executions_replay_of_execution_id_idx" ON "executions"("replay_of_execution_id");

-- CreateIndex
CREATE INDEX "executions_error_trgm_idx" ON "executions" USING GIN ("error" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "executions_cause_trgm_idx" ON "executions" USING GIN ("cause" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "state_runs_execution_id_key_key" ON "state_runs"("execution_id", "key");

-- CreateIndex
CREATE INDEX "execution_daily_rollups_source_id_day_idx" ON "execution_daily_rollups"("source_id", "day");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE INDEX "audit_logs_at_idx" ON "audit_logs"("at" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_target_type_target_id_idx" ON "audit_logs"("target_type", "target_id");

-- AddForeignKey
ALTER TABLE "state_machines" ADD CONSTRAINT "state_machines_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "state_machine_definitions" ADD CONSTRAINT "state_machine_definitions_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_definition_id_fkey" FOREIGN KEY ("definition_id") REFERENCES "state_machine_definitions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_parent_execution_id_fkey" FOREIGN KEY ("parent_execution_id") REFERENCES "executions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "executions" ADD CONSTRAINT "executions_replay_of_execution_id_fkey" FOREIGN KEY ("replay_of_execution_id") REFERENCES "executions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "history_events" ADD CONSTRAINT "history_events_execution_id_fkey" FOREIGN KEY ("execution_id") REFERENCES "executions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "state_runs" ADD CONSTRAINT "state_runs_execution_id_fkey" FOREIGN KEY ("execution_id") REFERENCES "executions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_state_run_id_fkey" FOREIGN KEY ("state_run_id") REFERENCES "state_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "execution_daily_rollups" ADD CONSTRAINT "execution_daily_rollups_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "execution_daily_rollups" ADD CONSTRAINT "execution_daily_rollups_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
