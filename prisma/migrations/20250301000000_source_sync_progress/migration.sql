-- AWS collection: live progress of a source's sync and the structured fault that stopped it.
ALTER TABLE "sources" ADD COLUMN "sync_progress" JSONB;
ALTER TABLE "sources" ADD COLUMN "last_error_details" JSONB;
