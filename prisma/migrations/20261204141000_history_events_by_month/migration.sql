-- history_events partitioned by month of the execution's start (issue 20): retention drops a
-- whole month's partition instead of deleting its rows one by one. The partition key is the
-- execution's start_date, copied onto every event row, so one execution's events share a
-- partition. Partitions: history_events_pYYYY_MM covering [first of the month, first of the
-- next) in UTC, and history_events_default for anything outside them (an import older than
-- the first partition). lib/store/history-event-partitions.ts creates the months ahead.

-- The foreign key names (id, start_date): a cascade from an execution prunes to one partition.
CREATE UNIQUE INDEX "executions_id_start_date_key" ON "executions" ("id", "start_date");

ALTER TABLE "history_events" DROP CONSTRAINT "history_events_execution_id_fkey";
ALTER TABLE "history_events" RENAME CONSTRAINT "history_events_pkey" TO "history_events_unpartitioned_pkey";
ALTER TABLE "history_events" RENAME TO "history_events_unpartitioned";

CREATE TABLE "history_events" (
    "execution_id" BIGINT NOT NULL,
    "event_id" INTEGER NOT NULL,
    "previous_event_id" INTEGER NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "state_name" TEXT,
    "details" JSONB NOT NULL,
    "start_date" TIMESTAMPTZ(3) NOT NULL,
    -- A unique key of a partitioned table includes its partition key.
    CONSTRAINT "history_events_pkey" PRIMARY KEY ("execution_id", "event_id", "start_date")
) PARTITION BY RANGE ("start_date");

CREATE TABLE "history_events_default" PARTITION OF "history_events" DEFAULT;

-- One partition per month from the oldest stored execution's to three months ahead.
DO $$
DECLARE
  first_month timestamp;
  last_month timestamp := date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months';
  m timestamp;
BEGIN
  SELECT date_trunc('month', min("start_date") AT TIME ZONE 'UTC') INTO first_month FROM "executions";
  m := LEAST(COALESCE(first_month, last_month), date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month');
  WHILE m <= last_month LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF "history_events" FOR VALUES FROM (%L) TO (%L)',
      'history_events_p' || to_char(m, 'YYYY_MM'),
      (m AT TIME ZONE 'UTC')::text,
      ((m + interval '1 month') AT TIME ZONE 'UTC')::text
    );
    m := m + interval '1 month';
  END LOOP;
END $$;

INSERT INTO "history_events" ("execution_id", "event_id", "previous_event_id", "timestamp", "type", "state_name", "details", "start_date")
SELECT h."execution_id", h."event_id", h."previous_event_id", h."timestamp", h."type", h."state_name", h."details", e."start_date"
  FROM "history_events_unpartitioned" h JOIN "executions" e ON e."id" = h."execution_id";

DROP TABLE "history_events_unpartitioned";

ALTER TABLE "history_events" ADD CONSTRAINT "history_events_execution_id_start_date_fkey"
  FOREIGN KEY ("execution_id", "start_date") REFERENCES "executions"("id", "start_date") ON DELETE CASCADE ON UPDATE CASCADE;
