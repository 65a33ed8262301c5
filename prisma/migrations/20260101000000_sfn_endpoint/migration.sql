-- The Step Functions endpoint (lib/sfn-endpoint): state machines created through it (a published
-- version is a row of its own, `version_of` naming the state machine) and its executions. The
-- executions' histories are stored like any other execution's (source `local-endpoint`); these rows
-- keep what the API answers that a history does not hold (the MockConfigFile test case, the ARN started).
CREATE TABLE "sfn_endpoint_state_machines" (
    "arn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "role_arn" TEXT NOT NULL,
    "description" TEXT,
    "revision_id" TEXT NOT NULL,
    "version_of" TEXT,
    "version" INTEGER,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sfn_endpoint_state_machines_pkey" PRIMARY KEY ("arn")
);
CREATE INDEX "sfn_endpoint_state_machines_version_of_idx" ON "sfn_endpoint_state_machines"("version_of");

CREATE TABLE "sfn_endpoint_executions" (
    "execution_arn" TEXT NOT NULL,
    "state_machine_arn" TEXT NOT NULL,
    "version_arn" TEXT,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "role_arn" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "test_case" TEXT,
    "status" TEXT NOT NULL,
    "start_date" TIMESTAMPTZ(3) NOT NULL,
    "stop_date" TIMESTAMPTZ(3),
    "output" TEXT,
    "error" TEXT,
    "cause" TEXT,
    "redrive_count" INTEGER NOT NULL DEFAULT 0,
    "redrive_date" TIMESTAMPTZ(3),
    CONSTRAINT "sfn_endpoint_executions_pkey" PRIMARY KEY ("execution_arn")
);
CREATE INDEX "sfn_endpoint_executions_state_machine_arn_start_date_idx" ON "sfn_endpoint_executions"("state_machine_arn", "start_date" DESC);
CREATE INDEX "sfn_endpoint_executions_status_idx" ON "sfn_endpoint_executions"("status");
