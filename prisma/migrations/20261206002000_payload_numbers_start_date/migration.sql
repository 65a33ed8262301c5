-- A range on payload numbers read from its ids first (`input.order.amount > 990`, lib/queries/
-- query-language/payload-sql.ts) needs each match's execution id and start date: the start date
-- orders the list (newest first) and is the partition key of `executions`, so reading an execution
-- by (id, start_date) reads one month's partition instead of probing every month's. The index
-- `(root, path, value)` INCLUDEd the execution id alone, so each of its matches read its heap row
-- for the start date; it now INCLUDEs both and a range is an index-only scan.
-- Built again under the same name on the partitioned table (every partition gets its own), then
-- the partitions' indexes renamed as migration 20261205100000 names them (parent name + suffix).

SET LOCAL maintenance_work_mem = '256MB';

-- DropIndex
DROP INDEX "execution_payload_numbers_root_path_value_idx";

-- CreateIndex
CREATE INDEX "execution_payload_numbers_root_path_value_idx"
  ON "execution_payload_numbers" ("root", "path", "value") INCLUDE ("execution_id", "start_date");

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT i.inhrelid AS part FROM pg_inherits i
            WHERE i.inhparent = 'execution_payload_numbers'::regclass LOOP
    PERFORM stepscope_name_partition_indexes(r.part);
  END LOOP;
END $$;
