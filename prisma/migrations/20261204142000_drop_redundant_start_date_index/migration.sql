-- "executions_start_date_idx" (start_date DESC) is the leading key of "executions_start_date_id_idx"
-- (start_date DESC, id DESC) INCLUDE (...): every scan it could serve, that one serves (and the
-- pages' reads use that one: `npm run bench:footprint`). Dropping it saves its bytes (about 21 B
-- an execution) and one index write per stored or updated execution.
DROP INDEX IF EXISTS "executions_start_date_idx";
