-- Removing a state machine (the demo source's, say) cascades to its daily per-state rollups;
-- the weekly trigger then upserted negative rows for the deleted state machine and the
-- delete failed on state_weekly_rollups' foreign key. Subtract deleted rows in place instead,
-- as the weekly duration rollups do.
CREATE OR REPLACE FUNCTION "state_weekly_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM state_weekly_rollups;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO state_weekly_rollups AS w (week, state_machine_id, source_id, state_name, runs, transitions, attempts, retries, retried_runs, retried_succeeded, retries_exhausted)
    SELECT date_trunc('week', d.day)::date, d.state_machine_id, d.source_id, d.state_name, sum(d.sign * d.runs), sum(d.sign * d.transitions), sum(d.sign * d.attempts), sum(d.sign * d.retries), sum(d.sign * d.retried_runs), sum(d.sign * d.retried_succeeded), sum(d.sign * d.retries_exhausted)
      FROM (SELECT 1 AS sign, n.* FROM new_rows n) d
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (week, state_machine_id, source_id, state_name) DO UPDATE SET runs = w.runs + EXCLUDED.runs, transitions = w.transitions + EXCLUDED.transitions, attempts = w.attempts + EXCLUDED.attempts, retries = w.retries + EXCLUDED.retries, retried_runs = w.retried_runs + EXCLUDED.retried_runs, retried_succeeded = w.retried_succeeded + EXCLUDED.retried_succeeded, retries_exhausted = w.retries_exhausted + EXCLUDED.retries_exhausted;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO state_weekly_rollups AS w (week, state_machine_id, source_id, state_name, runs, transitions, attempts, retries, retried_runs, retried_succeeded, retries_exhausted)
    SELECT date_trunc('week', d.day)::date, d.state_machine_id, d.source_id, d.state_name, sum(d.sign * d.runs), sum(d.sign * d.transitions), sum(d.sign * d.attempts), sum(d.sign * d.retries), sum(d.sign * d.retried_runs), sum(d.sign * d.retried_succeeded), sum(d.sign * d.retries_exhausted)
      FROM (SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1, o.* FROM old_rows o) d
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (week, state_machine_id, source_id, state_name) DO UPDATE SET runs = w.runs + EXCLUDED.runs, transitions = w.transitions + EXCLUDED.transitions, attempts = w.attempts + EXCLUDED.attempts, retries = w.retries + EXCLUDED.retries, retried_runs = w.retried_runs + EXCLUDED.retried_runs, retried_succeeded = w.retried_succeeded + EXCLUDED.retried_succeeded, retries_exhausted = w.retries_exhausted + EXCLUDED.retries_exhausted;
  ELSE
    -- Deleted daily rows are subtracted in place: an upsert here would re-insert weekly rows of
    -- a state machine whose deletion cascaded to its daily rows (a foreign-key violation).
    UPDATE state_weekly_rollups w
       SET runs = w.runs - d.runs, transitions = w.transitions - d.transitions, attempts = w.attempts - d.attempts,
           retries = w.retries - d.retries, retried_runs = w.retried_runs - d.retried_runs,
           retried_succeeded = w.retried_succeeded - d.retried_succeeded, retries_exhausted = w.retries_exhausted - d.retries_exhausted
      FROM (SELECT date_trunc('week', o.day)::date AS week, o.state_machine_id, o.source_id, o.state_name,
                   sum(o.runs)::int AS runs, sum(o.transitions) AS transitions, sum(o.attempts) AS attempts, sum(o.retries) AS retries,
                   sum(o.retried_runs)::int AS retried_runs, sum(o.retried_succeeded)::int AS retried_succeeded, sum(o.retries_exhausted)::int AS retries_exhausted
              FROM old_rows o GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4) d
     WHERE w.week = d.week AND w.state_machine_id = d.state_machine_id AND w.source_id = d.source_id AND w.state_name = d.state_name;
  END IF;
  RETURN NULL;
END $$;
