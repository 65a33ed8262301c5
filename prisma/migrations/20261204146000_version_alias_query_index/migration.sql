-- The query language's `version` and `alias` fields (lib/queries/query-language/qualifier-sql.ts)
-- compare the qualifier at the end of an execution's `state_machine_version_arn`
-- (arn:aws:states:<region>:<account>:stateMachine:<name>:<version>) and `state_machine_alias_arn`
-- (…:<name>:<alias>). These indexes hold exactly those expressions (the compiler writes them
-- with the same text, constants not parameters, so the planner matches them), then the start
-- date for the list's default order: `version = 7` is one range of the index, newest first,
-- instead of a scan of every execution. Partial: most executions name no version or alias.

-- CreateIndex
CREATE INDEX IF NOT EXISTS "executions_version_number_start_date_idx" ON "executions" (
  (CASE WHEN split_part("state_machine_version_arn", ':', 8) ~ '^[0-9]{1,9}$'
        THEN CAST(split_part("state_machine_version_arn", ':', 8) AS integer) END),
  "start_date" DESC
) WHERE "state_machine_version_arn" IS NOT NULL;

-- CreateIndex
CREATE INDEX IF NOT EXISTS "executions_alias_name_start_date_idx" ON "executions" (
  (split_part("state_machine_alias_arn", ':', 8)),
  "start_date" DESC
) WHERE "state_machine_alias_arn" IS NOT NULL;
