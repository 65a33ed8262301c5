-- The write counters of the read cache (migration 20261206003000_read_versions), per table: a
-- cached read is made stale only by writes to the tables its queries name
-- (lib/queries/cached-read.ts), so an Overview that reads the rollups survives a sign-in, an
-- audit row or an alert claim, and a list of state machines survives a stored execution. The
-- rows counted before stay, under table '*', and are no longer moved (the counters only grow,
-- so no version is ever seen twice).
ALTER TABLE "read_versions" ADD COLUMN "table_name" TEXT NOT NULL DEFAULT '*';
ALTER TABLE "read_versions" DROP CONSTRAINT "read_versions_pkey";
ALTER TABLE "read_versions" ADD CONSTRAINT "read_versions_pkey" PRIMARY KEY ("scope", "table_name", "shard");
ALTER TABLE "read_versions" ALTER COLUMN "table_name" DROP DEFAULT;

-- A row per scope, counted table and shard from the start (a table counted later gets its rows
-- on its first write, below).
INSERT INTO "read_versions" ("scope", "table_name", "shard")
SELECT s.scope, c.relname, n
  FROM (VALUES ('production'), ('local')) AS s(scope),
       pg_class c JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgname = c.relname || '_note_data_write',
       generate_series(0, 15) AS n;

-- Counts the calling transaction once per table, under its scope (later statements of the same
-- transaction on the same table see the mark in a transaction-local setting and return at once).
-- Also called directly where data goes away without a DML statement (retention detaching partitions).
CREATE FUNCTION "note_data_write"(p_table TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_scope TEXT := CASE WHEN current_setting('stepscope.write_scope', true) = 'local' THEN 'local' ELSE 'production' END;
  v_mark TEXT := txid_current()::text || ':' || v_scope;
  v_setting TEXT := 'stepscope.noted_' || md5(p_table);
BEGIN
  IF current_setting(v_setting, true) IS NOT DISTINCT FROM v_mark THEN
    RETURN;
  END IF;
  PERFORM set_config(v_setting, v_mark, true);
  INSERT INTO "read_versions" ("scope", "table_name", "shard", "version")
  VALUES (v_scope, p_table, pg_backend_pid() % 16, 1)
  ON CONFLICT ("scope", "table_name", "shard") DO UPDATE SET "version" = "read_versions"."version" + 1;
END $$;

CREATE OR REPLACE FUNCTION "note_data_write_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "note_data_write"(TG_TABLE_NAME::text);
  RETURN NULL;
END $$;

DROP FUNCTION "note_data_write"();
