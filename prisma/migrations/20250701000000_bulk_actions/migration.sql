-- Bulk actions: a redrive or replay of every execution a list filter selected, run by a
-- graphile-worker job; each item's state is kept here so a restart resumes where it stopped.
CREATE TABLE "bulk_actions" (
    "id" BIGSERIAL NOT NULL,
    "action" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'RUNNING',
    "user_id" UUID,
    "actor" JSONB NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_actions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "bulk_actions_action_check" CHECK ("action" IN ('redrive', 'replay')),
    CONSTRAINT "bulk_actions_state_check" CHECK ("state" IN ('RUNNING', 'DONE'))
);
CREATE INDEX "bulk_actions_state_idx" ON "bulk_actions"("state");
ALTER TABLE "bulk_actions" ADD CONSTRAINT "bulk_actions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "bulk_action_items" (
    "bulk_action_id" BIGINT NOT NULL,
    "position" INTEGER NOT NULL,
    "execution_arn" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "idempotency_key" TEXT NOT NULL,
    "result_execution_arn" TEXT,
    "message" TEXT,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_action_items_pkey" PRIMARY KEY ("bulk_action_id", "position"),
    CONSTRAINT "bulk_action_items_state_check" CHECK ("state" IN ('PENDING', 'DONE', 'REFUSED', 'FAILED'))
);
CREATE UNIQUE INDEX "bulk_action_items_bulk_action_id_execution_arn_key" ON "bulk_action_items"("bulk_action_id", "execution_arn");
CREATE INDEX "bulk_action_items_bulk_action_id_state_idx" ON "bulk_action_items"("bulk_action_id", "state");
ALTER TABLE "bulk_action_items" ADD CONSTRAINT "bulk_action_items_bulk_action_id_fkey" FOREIGN KEY ("bulk_action_id") REFERENCES "bulk_actions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
