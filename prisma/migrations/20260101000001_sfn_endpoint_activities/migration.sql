-- Activities created through the Step Functions endpoint (CreateActivity); their tasks live in the
-- endpoint's process while an execution waits for a worker (GetActivityTask).
CREATE TABLE "sfn_endpoint_activities" (
    "arn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sfn_endpoint_activities_pkey" PRIMARY KEY ("arn")
);
