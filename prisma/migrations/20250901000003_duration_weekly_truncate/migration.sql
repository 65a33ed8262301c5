-- TRUNCATE fires no row or DELETE triggers: emptying the daily duration histograms empties
-- the weekly ones too, so the weekly rows stay the daily ones summed.
CREATE FUNCTION "execution_duration_weekly_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM execution_duration_weekly_rollups;
  RETURN NULL;
END $$;

CREATE TRIGGER "execution_duration_daily_rollups_weekly_truncate" AFTER TRUNCATE ON "execution_duration_daily_rollups"
  FOR EACH STATEMENT EXECUTE FUNCTION "execution_duration_weekly_truncate"();
