-- An execution's start date by its id, from an index alone. The list reads a query's matches by
-- id when they are few (a range on payload numbers matching few entries: planListQuery), then
-- sorts them by start date: with this index each match is an index-only read of a ~5 MB index
-- that stays cached, where the primary key needed a heap page of the whole table for the date
-- (bench/queries/explain-query-language.ts, `input.order.amount > 990` at 200,000 executions:
-- 6,109 index buffers instead of 8,144 scattered over the heap; 22 ms instead of 38 ms warm, and
-- the gap is widest when the heap is not cached).

-- CreateIndex
CREATE INDEX IF NOT EXISTS "executions_id_start_date_idx" ON "executions" ("id") INCLUDE ("start_date");
