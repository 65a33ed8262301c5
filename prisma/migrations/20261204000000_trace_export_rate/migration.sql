-- The Sources page shows an exporter's speed: the spans of its last accepted batch and the time
-- that batch took (read, built, sent, accepted).
ALTER TABLE trace_export_state ADD COLUMN last_batch_spans integer;
ALTER TABLE trace_export_state ADD COLUMN last_batch_ms integer;
