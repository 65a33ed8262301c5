-- AWS API token buckets shared by every process that calls AWS (web, workers, CLI), one row
-- per account, region and API. UNLOGGED: pacing state, not data; after a crash the buckets
-- start full again, as AWS's would after a quiet minute.
CREATE UNLOGGED TABLE "aws_rate_limits" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "aws_rate_limits_pkey" PRIMARY KEY ("key")
);
