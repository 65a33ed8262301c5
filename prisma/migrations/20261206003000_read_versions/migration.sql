-- The version of what the figures (Overview, analytics, /api/metrics) can see, for the read
-- cache (lib/queries/cached-read.ts): every committed write to a table they read adds one to
-- the `production` counter, except writes of local runs (their transactions set
-- `stepscope.write_scope` to `local`, and count under `local`), which the figures leave out.
-- The counters only grow, so their sum changes exactly when a production write becomes
-- visible, on the primary and on a replica alike (the rows replicate with the data).
-- 16 rows per scope, one chosen by the writing backend: concurrent writers rarely update the
-- same row, so they do not wait for each other's COMMIT.
CREATE TABLE "read_versions" (
    "scope" TEXT NOT NULL,
    "shard" INTEGER NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "read_versions_pkey" PRIMARY KEY ("scope", "shard")
);

INSERT INTO "read_versions" ("scope", "shard")
SELECT s.scope, n FROM (VALUES ('production'), ('local')) AS s(scope), generate_series(0, 15) AS n;

-- Counts the calling transaction once, under its scope (later statements of the same
-- transaction see the mark in a transaction-local setting and return at once). Also called
-- directly where data goes away without a DML statement (retention dropping partitions).
CREATE FUNCTION "note_data_write"() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_scope TEXT := CASE WHEN current_setting('stepscope.write_scope', true) = 'local' THEN 'local' ELSE 'production' END;
  v_mark TEXT := txid_current()::text || ':' || v_scope;
BEGIN
  IF current_setting('stepscope.write_noted', true) IS NOT DISTINCT FROM v_mark THEN
    RETURN;
  END IF;
  PERFORM set_config('stepscope.write_noted', v_mark, true);
  UPDATE "read_versions" SET "version" = "version" + 1 WHERE "scope" = v_scope AND "shard" = pg_backend_pid() % 16;
END $$;

CREATE FUNCTION "note_data_write_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "note_data_write"();
  RETURN NULL;
END $$;

-- Every table a cached read may read; not the ones only sign-in, rate limiting, alert
-- delivery, trace export, bulk actions, saved views and the Step Functions endpoint's own
-- bookkeeping write (they change often and no figure reads them). A table added later
-- needs this trigger too (lib/queries/read-version.test.ts lists the tables).
DO $$
DECLARE
  t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'sources', 'state_machines', 'state_machine_definitions', 'executions', 'execution_payload_numbers',
    'history_events', 'state_runs', 'attempts', 'execution_daily_rollups', 'failure_signatures',
    'failure_signature_daily_rollups', 'execution_hourly_rollups', 'execution_duration_hourly_rollups',
    'execution_duration_daily_rollups', 'execution_duration_weekly_rollups', 'state_weekly_rollups',
    'execution_cost_daily_rollups', 'state_daily_rollups', 'state_retry_error_daily_rollups', 'users',
    'audit_logs', 'app_settings', 'map_runs'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "note_data_write_trigger"()',
      t || '_note_data_write', t);
  END LOOP;
END $$;
