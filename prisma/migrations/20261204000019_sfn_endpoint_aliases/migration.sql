-- Aliases of the Step Functions endpoint's state machines (CreateStateMachineAlias): a name routing
-- StartExecution to one or two published versions by weight. An execution started through an alias
-- keeps the alias's ARN (DescribeExecution's `stateMachineAliasArn`).
CREATE TABLE "sfn_endpoint_aliases" (
    "arn" TEXT NOT NULL,
    "state_machine_arn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "routing" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sfn_endpoint_aliases_pkey" PRIMARY KEY ("arn")
);
CREATE INDEX "sfn_endpoint_aliases_state_machine_arn_idx" ON "sfn_endpoint_aliases"("state_machine_arn");

ALTER TABLE "sfn_endpoint_executions" ADD COLUMN "alias_arn" TEXT;
