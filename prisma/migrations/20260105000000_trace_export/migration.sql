-- OpenTelemetry export: every change of an execution that a trace shows (stored, ended, more
-- events, redriven) takes the next number of one sequence; the exporter's cursor is the last
-- number it has sent, so a restart sends nothing twice and an execution stored late (a sync
-- reaching back 90 days) is never passed over, as a cursor on stop dates would.
CREATE SEQUENCE executions_change_seq;

ALTER TABLE executions ADD COLUMN change_seq bigint;
UPDATE executions SET change_seq = nextval('executions_change_seq') FROM (SELECT id FROM executions ORDER BY id) AS ordered WHERE executions.id = ordered.id;
ALTER TABLE executions ALTER COLUMN change_seq SET DEFAULT nextval('executions_change_seq');
ALTER TABLE executions ALTER COLUMN change_seq SET NOT NULL;
CREATE INDEX executions_change_seq_idx ON executions (change_seq);

CREATE FUNCTION executions_next_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := nextval('executions_change_seq');
  RETURN NEW;
END;
$$;

-- Only what a trace shows moves the number: a re-signed failure or a rollup flag does not.
CREATE TRIGGER executions_change_seq_on_update
  BEFORE UPDATE ON executions
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status
     OR OLD.last_event_id IS DISTINCT FROM NEW.last_event_id
     OR OLD.redrive_count IS DISTINCT FROM NEW.redrive_count)
  EXECUTE FUNCTION executions_next_change_seq();

-- One row per exporter (the continuous OTLP export is 'otlp'): how far it has sent, and how it went.
CREATE TABLE trace_export_state (
  name text PRIMARY KEY,
  cursor_seq bigint NOT NULL DEFAULT 0,
  executions_exported bigint NOT NULL DEFAULT 0,
  spans_exported bigint NOT NULL DEFAULT 0,
  last_export_at timestamptz(3),
  last_error text,
  last_error_at timestamptz(3),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
