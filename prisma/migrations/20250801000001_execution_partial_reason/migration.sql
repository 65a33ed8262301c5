-- Express histories read from logs below level ALL or without execution data are partial:
-- why, and how to get whole ones (null when the history is whole).
ALTER TABLE "executions" ADD COLUMN "partial_reason" TEXT;
