-- Weekly duration histograms (ISO weeks, Monday 00:00 UTC) for the Overview's long ranges:
-- 90 days of daily histograms are ~45 bucket rows per state machine and day; a week's rows
-- replace seven days' of them. Kept equal to the sum of the daily rows by triggers on
-- execution_duration_daily_rollups, so every writer of the daily rows (ingestion deltas,
-- the backfill's recounts, deletes) keeps the weekly ones current in the same transaction.

-- CreateTable
CREATE TABLE "execution_duration_weekly_rollups" (
    "week" DATE NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "execution_duration_weekly_rollups_pkey" PRIMARY KEY ("week","state_machine_id","source_id","bucket")
);

-- AddForeignKey
ALTER TABLE "execution_duration_weekly_rollups" ADD CONSTRAINT "execution_duration_weekly_rollups_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Weekly rows from the daily rows already stored.
INSERT INTO "execution_duration_weekly_rollups" ("week", "state_machine_id", "source_id", "bucket", "count")
SELECT date_trunc('week', "day")::date, "state_machine_id", "source_id", "bucket", sum("count")::int
  FROM "execution_duration_daily_rollups" GROUP BY 1, 2, 3, 4;

-- Statement-level triggers with transition tables: one upsert per statement, rows in key
-- order (concurrent writers lock shared weekly rows in the same order).
CREATE FUNCTION "execution_duration_weekly_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO execution_duration_weekly_rollups AS w (week, state_machine_id, source_id, bucket, count)
    SELECT date_trunc('week', n.day)::date, n.state_machine_id, n.source_id, n.bucket, sum(n.count)::int
      FROM new_rows n GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (week, state_machine_id, source_id, bucket) DO UPDATE SET count = w.count + EXCLUDED.count;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO execution_duration_weekly_rollups AS w (week, state_machine_id, source_id, bucket, count)
    SELECT week, state_machine_id, source_id, bucket, sum(delta)::int FROM (
      SELECT date_trunc('week', n.day)::date AS week, n.state_machine_id, n.source_id, n.bucket, n.count AS delta FROM new_rows n
      UNION ALL
      SELECT date_trunc('week', o.day)::date, o.state_machine_id, o.source_id, o.bucket, -o.count FROM old_rows o) d
     GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (week, state_machine_id, source_id, bucket) DO UPDATE SET count = w.count + EXCLUDED.count;
  ELSE
    UPDATE execution_duration_weekly_rollups w SET count = w.count - d.n
      FROM (SELECT date_trunc('week', o.day)::date AS week, o.state_machine_id, o.source_id, o.bucket, sum(o.count)::int AS n
              FROM old_rows o GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4) d
     WHERE w.week = d.week AND w.state_machine_id = d.state_machine_id AND w.source_id = d.source_id AND w.bucket = d.bucket;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "execution_duration_daily_rollups_weekly_insert" AFTER INSERT ON "execution_duration_daily_rollups"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "execution_duration_weekly_apply"();
CREATE TRIGGER "execution_duration_daily_rollups_weekly_update" AFTER UPDATE ON "execution_duration_daily_rollups"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "execution_duration_weekly_apply"();
CREATE TRIGGER "execution_duration_daily_rollups_weekly_delete" AFTER DELETE ON "execution_duration_daily_rollups"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "execution_duration_weekly_apply"();
