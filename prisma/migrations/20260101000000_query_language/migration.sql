-- The query language (lib/queries/query-language): inputs and outputs queryable as jsonb,
-- and the states an execution entered indexed by name.
--
-- The payload columns are generated from `input`/`output`, so every write (the store, a bulk
-- COPY) keeps them in step; Prisma's schema cannot say so and leaves them out (nothing reads
-- them through the Prisma client). A payload up to 64 KiB is kept whole; a larger JSON object
-- keeps its top-level scalar members only (the text itself stays whole in `input`/`output`),
-- and a truncated or unreadable payload none: `*_query_partial` marks both, so the list can
-- say which matches it could not decide.

-- CreateFunction
CREATE FUNCTION "stepscope_payload_query"(payload TEXT, truncated BOOLEAN) RETURNS JSONB
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN payload IS NULL OR truncated OR NOT pg_input_is_valid(payload, 'jsonb') THEN NULL
    WHEN octet_length(payload) <= 65536 THEN payload::jsonb
    WHEN jsonb_typeof(payload::jsonb) = 'object' THEN (
      SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb)
        FROM jsonb_each(payload::jsonb) WHERE jsonb_typeof(value) NOT IN ('object', 'array'))
  END
$$;

-- CreateFunction
CREATE FUNCTION "stepscope_payload_query_partial"(payload TEXT, truncated BOOLEAN) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT payload IS NOT NULL AND (truncated OR octet_length(payload) > 65536 OR NOT pg_input_is_valid(payload, 'jsonb'))
$$;

-- AlterTable
ALTER TABLE "executions"
  ADD COLUMN "input_query" JSONB GENERATED ALWAYS AS (stepscope_payload_query("input", "input_truncated")) STORED,
  ADD COLUMN "input_query_partial" BOOLEAN GENERATED ALWAYS AS (stepscope_payload_query_partial("input", "input_truncated")) STORED,
  ADD COLUMN "output_query" JSONB GENERATED ALWAYS AS (stepscope_payload_query("output", "output_truncated")) STORED,
  ADD COLUMN "output_query_partial" BOOLEAN GENERATED ALWAYS AS (stepscope_payload_query_partial("output", "output_truncated")) STORED;

-- CreateIndex: containment (`input_query @> '{"order":{"id":"o-1"}}'`) answers equality on any path.
CREATE INDEX "executions_input_query_idx" ON "executions" USING GIN ("input_query" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "executions_output_query_idx" ON "executions" USING GIN ("output_query" jsonb_path_ops);

-- CreateIndex: the few executions whose payload matches cannot always be decided.
CREATE INDEX "executions_query_partial_idx" ON "executions"("id") WHERE "input_query_partial" OR "output_query_partial";

-- CreateIndex: `state = X` / `failedState = X` (status INCLUDEd: answered from the index alone).
CREATE INDEX "state_runs_name_execution_id_idx" ON "state_runs"("name", "execution_id") INCLUDE ("status");
