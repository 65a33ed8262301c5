-- Every table whose rows belong to one execution partitioned by month of the execution's start
-- (issue 20), as history_events already is (migration 20261204141000): executions, state_runs,
-- attempts and execution_payload_numbers get a partition per UTC month (<table>_pYYYY_MM, from
-- the first of the month to the first of the next) and a <table>_default for anything outside
-- them. Retention then removes a month by dropping its five partitions at once
-- (lib/store/execution-partitions.ts) instead of deleting rows one by one.
--
-- Foreign keys: a unique key of a partitioned table includes the partition key, and a foreign
-- key referencing a partitioned table stops its partitions from being dropped (DETACH checks
-- every referencing row first). So nothing references executions or state_runs any more: the
-- statement triggers below remove an execution's events, state runs, attempts, payload numbers
-- and map runs when its row is deleted, and clear the parent/replay links to it, as the
-- ON DELETE CASCADE / SET NULL keys did. Dropping a month's partitions fires no trigger: the
-- store clears the links into that month and its map runs first. executions.execution_arn is
-- unique per start date: an execution's start date never changes, and the store finds an
-- execution by its ARN before it inserts one.

SET LOCAL maintenance_work_mem = '256MB';

-- The non-unique indexes, to be built again under the same names on the partitioned tables.
CREATE TEMP TABLE partitioned_index_defs ON COMMIT DROP AS
  SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
   WHERE t.relnamespace = current_schema()::regnamespace AND NOT i.indisunique
     AND t.relname IN ('executions', 'state_runs', 'attempts', 'execution_payload_numbers');

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT name FROM partitioned_index_defs LOOP
    EXECUTE format('DROP INDEX %I', r.name);
  END LOOP;
END $$;

ALTER TABLE "history_events" DROP CONSTRAINT "history_events_execution_id_start_date_fkey";
ALTER TABLE "map_runs" DROP CONSTRAINT "map_runs_execution_id_fkey";
ALTER TABLE "execution_payload_numbers" DROP CONSTRAINT "execution_payload_numbers_execution_id_fkey";
ALTER TABLE "attempts" DROP CONSTRAINT "attempts_state_run_id_fkey";
ALTER TABLE "state_runs" DROP CONSTRAINT "state_runs_execution_id_fkey";
ALTER TABLE "executions" DROP CONSTRAINT "executions_parent_execution_id_fkey";
ALTER TABLE "executions" DROP CONSTRAINT "executions_replay_of_execution_id_fkey";
DROP INDEX "executions_id_start_date_key";
DROP TRIGGER "executions_payload_numbers" ON "executions";
DROP TRIGGER "executions_change_seq_on_update" ON "executions";

ALTER TABLE "executions" RENAME CONSTRAINT "executions_pkey" TO "executions_unpartitioned_pkey";
ALTER INDEX "executions_execution_arn_key" RENAME TO "executions_unpartitioned_arn_key";
ALTER TABLE "executions" RENAME TO "executions_unpartitioned";
ALTER TABLE "state_runs" RENAME CONSTRAINT "state_runs_pkey" TO "state_runs_unpartitioned_pkey";
ALTER INDEX "state_runs_execution_id_key_key" RENAME TO "state_runs_unpartitioned_key";
ALTER TABLE "state_runs" RENAME TO "state_runs_unpartitioned";
ALTER TABLE "attempts" RENAME CONSTRAINT "attempts_pkey" TO "attempts_unpartitioned_pkey";
ALTER TABLE "attempts" RENAME TO "attempts_unpartitioned";
ALTER TABLE "execution_payload_numbers" RENAME CONSTRAINT "execution_payload_numbers_root_check" TO "execution_payload_numbers_unpartitioned_root_check";
ALTER TABLE "execution_payload_numbers" RENAME TO "execution_payload_numbers_unpartitioned";

-- The derived tables carry their execution's start date: the partition key.
ALTER TABLE "state_runs_unpartitioned" ADD COLUMN "start_date" TIMESTAMPTZ(3);
ALTER TABLE "attempts_unpartitioned" ADD COLUMN "start_date" TIMESTAMPTZ(3);
ALTER TABLE "execution_payload_numbers_unpartitioned" ADD COLUMN "start_date" TIMESTAMPTZ(3);

CREATE TABLE "executions" (LIKE "executions_unpartitioned" INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS)
  PARTITION BY RANGE ("start_date");
CREATE TABLE "state_runs" (LIKE "state_runs_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
  PARTITION BY RANGE ("start_date");
CREATE TABLE "attempts" (LIKE "attempts_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
  PARTITION BY RANGE ("start_date");
CREATE TABLE "execution_payload_numbers" (LIKE "execution_payload_numbers_unpartitioned" INCLUDING DEFAULTS)
  PARTITION BY RANGE ("start_date");
ALTER TABLE "execution_payload_numbers" ADD CONSTRAINT "execution_payload_numbers_root_check" CHECK ("root" IN ('input', 'output'));
ALTER TABLE "state_runs" ALTER COLUMN "start_date" SET NOT NULL;
ALTER TABLE "attempts" ALTER COLUMN "start_date" SET NOT NULL;
ALTER TABLE "execution_payload_numbers" ALTER COLUMN "start_date" SET NOT NULL;
ALTER SEQUENCE "executions_id_seq" OWNED BY "executions"."id";
ALTER SEQUENCE "state_runs_id_seq" OWNED BY "state_runs"."id";

-- One partition per month, for every table, from the oldest stored execution's (or the oldest
-- events partition's) to three months ahead. Events already in history_events_default for a
-- month that gets its partition now move into it.
CREATE FUNCTION pg_temp.create_month_partition(tbl text, m timestamp) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  part_name text := tbl || '_p' || to_char(m, 'YYYY_MM');
BEGIN
  IF to_regclass(part_name) IS NOT NULL THEN RETURN; END IF;
  IF tbl = 'history_events' THEN
    CREATE TEMP TABLE moved_events ON COMMIT DROP AS
      WITH d AS (DELETE FROM history_events_default WHERE start_date >= (m AT TIME ZONE 'UTC')
                   AND start_date < ((m + interval '1 month') AT TIME ZONE 'UTC') RETURNING *) SELECT * FROM d;
  END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part_name, tbl,
    (m AT TIME ZONE 'UTC')::text, ((m + interval '1 month') AT TIME ZONE 'UTC')::text);
  IF tbl = 'history_events' THEN
    INSERT INTO history_events SELECT * FROM moved_events;
    DROP TABLE moved_events;
  END IF;
END $$;

DO $$
DECLARE
  last_month timestamp := date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months';
  first_month timestamp;
  m timestamp;
  tbl text;
BEGIN
  SELECT least(
    (SELECT date_trunc('month', min("start_date") AT TIME ZONE 'UTC') FROM "executions_unpartitioned"),
    (SELECT min(to_date(substr(c.relname, 17), 'YYYY_MM')::timestamp) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'history_events'::regclass AND c.relname ~ '^history_events_p\d{4}_\d{2}$'),
    date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month') INTO first_month;
  FOREACH tbl IN ARRAY ARRAY['executions', 'state_runs', 'attempts', 'execution_payload_numbers', 'history_events'] LOOP
    m := first_month;
    WHILE m <= last_month LOOP
      PERFORM pg_temp.create_month_partition(tbl, m);
      m := m + interval '1 month';
    END LOOP;
    IF tbl <> 'history_events' THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', tbl || '_default', tbl);
    END IF;
  END LOOP;
END $$;

-- Move the rows (no trigger is on the new tables yet: the payload numbers are copied as they are).
DO $$
DECLARE cols text;
BEGIN
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols FROM pg_attribute
   WHERE attrelid = 'executions_unpartitioned'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
  EXECUTE format('INSERT INTO executions (%s) SELECT %s FROM executions_unpartitioned', cols, cols);
END $$;

INSERT INTO "state_runs" ("id", "execution_id", "key", "name", "state_type", "scope", "parent_key", "entered_event_id",
    "exited_event_id", "entered_at", "exited_at", "status", "input", "output", "error", "cause", "retry_count", "start_date")
  SELECT r."id", r."execution_id", r."key", r."name", r."state_type", r."scope", r."parent_key", r."entered_event_id",
         r."exited_event_id", r."entered_at", r."exited_at", r."status", r."input", r."output", r."error", r."cause", r."retry_count", e."start_date"
    FROM "state_runs_unpartitioned" r JOIN "executions_unpartitioned" e ON e."id" = r."execution_id";

INSERT INTO "attempts" ("state_run_id", "index", "start_event_id", "end_event_id", "started_at", "ended_at", "status",
    "error", "cause", "backoff_ms", "start_date")
  SELECT a."state_run_id", a."index", a."start_event_id", a."end_event_id", a."started_at", a."ended_at", a."status",
         a."error", a."cause", a."backoff_ms", e."start_date"
    FROM "attempts_unpartitioned" a
    JOIN "state_runs_unpartitioned" r ON r."id" = a."state_run_id"
    JOIN "executions_unpartitioned" e ON e."id" = r."execution_id";

INSERT INTO "execution_payload_numbers" ("execution_id", "root", "path", "value", "start_date")
  SELECT n."execution_id", n."root", n."path", n."value", e."start_date"
    FROM "execution_payload_numbers_unpartitioned" n JOIN "executions_unpartitioned" e ON e."id" = n."execution_id";

DROP TABLE "attempts_unpartitioned";
DROP TABLE "state_runs_unpartitioned";
DROP TABLE "execution_payload_numbers_unpartitioned";
DROP TABLE "executions_unpartitioned";

-- Keys (each includes the partition key), then the indexes as they were.
ALTER TABLE "executions" ADD CONSTRAINT "executions_pkey" PRIMARY KEY ("id", "start_date");
CREATE UNIQUE INDEX "executions_execution_arn_key" ON "executions" ("execution_arn", "start_date");
ALTER TABLE "state_runs" ADD CONSTRAINT "state_runs_pkey" PRIMARY KEY ("id", "start_date");
CREATE UNIQUE INDEX "state_runs_execution_id_key_key" ON "state_runs" ("execution_id", "key", "start_date");
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_pkey" PRIMARY KEY ("state_run_id", "index", "start_date");

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT def FROM partitioned_index_defs LOOP
    EXECUTE r.def;
  END LOOP;
END $$;

-- A partition's index is named after its parent index plus the partition's suffix
-- (executions_start_date_id_idx_p2026_12, …_default), so a plan names the index it uses.
-- lib/store/execution-partitions.ts calls this for every partition it creates.
CREATE FUNCTION "stepscope_name_partition_indexes"(part regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  suffix text;
BEGIN
  SELECT substr(c.relname, length(p.relname) + 1) INTO suffix
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
   WHERE i.inhrelid = part;
  FOR r IN SELECT ci.relname AS child, pi.relname AS parent
             FROM pg_index x JOIN pg_class ci ON ci.oid = x.indexrelid
             JOIN pg_inherits ii ON ii.inhrelid = x.indexrelid JOIN pg_class pi ON pi.oid = ii.inhparent
            WHERE x.indrelid = part LOOP
    IF r.child <> left(r.parent || suffix, 63) THEN
      EXECUTE format('ALTER INDEX %I RENAME TO %I', r.child, left(r.parent || suffix, 63));
    END IF;
  END LOOP;
END
$$;

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT i.inhrelid AS part FROM pg_inherits i
            WHERE i.inhparent IN ('executions'::regclass, 'history_events'::regclass, 'state_runs'::regclass,
                                  'attempts'::regclass, 'execution_payload_numbers'::regclass) LOOP
    PERFORM stepscope_name_partition_indexes(r.part);
  END LOOP;
END $$;

ALTER TABLE "executions" ADD CONSTRAINT "executions_state_machine_id_fkey" FOREIGN KEY ("state_machine_id")
  REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "executions" ADD CONSTRAINT "executions_definition_id_fkey" FOREIGN KEY ("definition_id")
  REFERENCES "state_machine_definitions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "executions" ADD CONSTRAINT "executions_source_id_fkey" FOREIGN KEY ("source_id")
  REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Triggers of executions, as they were (the payload numbers now carry the start date).
CREATE TRIGGER executions_change_seq_on_update
  BEFORE UPDATE ON executions
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status
     OR OLD.last_event_id IS DISTINCT FROM NEW.last_event_id
     OR OLD.redrive_count IS DISTINCT FROM NEW.redrive_count)
  EXECUTE FUNCTION executions_next_change_seq();

CREATE OR REPLACE FUNCTION "stepscope_sync_payload_numbers"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.input_query IS NOT DISTINCT FROM OLD.input_query
       AND NEW.output_query IS NOT DISTINCT FROM OLD.output_query THEN
      RETURN NULL;
    END IF;
    DELETE FROM execution_payload_numbers WHERE execution_id = NEW.id AND start_date = OLD.start_date;
  END IF;
  INSERT INTO execution_payload_numbers (execution_id, start_date, root, path, value)
    SELECT NEW.id, NEW.start_date, 'input', n.path, n.value FROM stepscope_payload_numbers(NEW.input_query) n
    UNION ALL
    SELECT NEW.id, NEW.start_date, 'output', n.path, n.value FROM stepscope_payload_numbers(NEW.output_query) n;
  RETURN NULL;
END
$$;

CREATE TRIGGER "executions_payload_numbers"
  AFTER INSERT OR UPDATE OF "input", "output", "input_truncated", "output_truncated" ON "executions"
  FOR EACH ROW EXECUTE FUNCTION stepscope_sync_payload_numbers();

-- What the foreign keys did on delete, once per statement over the deleted rows.
CREATE FUNCTION "stepscope_remove_execution_rows"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM history_events h USING gone g WHERE h.execution_id = g.id AND h.start_date = g.start_date;
  DELETE FROM state_runs r USING gone g WHERE r.execution_id = g.id AND r.start_date = g.start_date;
  DELETE FROM execution_payload_numbers n USING gone g WHERE n.execution_id = g.id AND n.start_date = g.start_date;
  DELETE FROM map_runs m USING gone g WHERE m.execution_id = g.id;
  UPDATE executions e SET parent_execution_id = NULL FROM gone g WHERE e.parent_execution_id = g.id;
  UPDATE executions e SET replay_of_execution_id = NULL FROM gone g WHERE e.replay_of_execution_id = g.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER "executions_remove_rows"
  AFTER DELETE ON "executions" REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION stepscope_remove_execution_rows();

CREATE FUNCTION "stepscope_remove_state_run_rows"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM attempts a USING gone g WHERE a.state_run_id = g.id AND a.start_date = g.start_date;
  RETURN NULL;
END
$$;

CREATE TRIGGER "state_runs_remove_attempts"
  AFTER DELETE ON "state_runs" REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION stepscope_remove_state_run_rows();

ANALYZE "executions", "state_runs", "attempts", "execution_payload_numbers";
