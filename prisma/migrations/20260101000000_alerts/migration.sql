-- Alerts (lib/alerts): rules, the incidents they open, the notifications an incident sends and
-- each notification's delivery to each target. Secrets are never stored: a rule's `notify`
-- keeps references (`{"env": "NAME"}`, or a JSON Pointer into the rules file), resolved at
-- delivery time.
CREATE TABLE "alert_rules" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "scope" JSONB NOT NULL DEFAULT '{}',
    "condition" JSONB NOT NULL,
    "notify" JSONB NOT NULL DEFAULT '[]',
    "repeat_minutes" INTEGER,
    "origin" TEXT NOT NULL DEFAULT 'page',
    "muted_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "alert_rules_name_key" ON "alert_rules"("name");

CREATE TABLE "alert_incidents" (
    "id" BIGSERIAL NOT NULL,
    "rule_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "facts" JSONB NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "last_notified_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    CONSTRAINT "alert_incidents_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "alert_incidents_rule_id_status_idx" ON "alert_incidents"("rule_id", "status");
CREATE INDEX "alert_incidents_opened_at_idx" ON "alert_incidents"("opened_at" DESC);
-- One open incident per rule and key, whatever two evaluators do at once.
CREATE UNIQUE INDEX "alert_incidents_one_open_idx" ON "alert_incidents"("rule_id", "key") WHERE "status" = 'OPEN';

CREATE TABLE "alert_notifications" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "alert_notifications_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "alert_notifications_incident_id_idx" ON "alert_notifications"("incident_id");

CREATE TABLE "alert_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "notification_id" BIGINT NOT NULL,
    "channel" TEXT NOT NULL,
    "target_index" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "alert_deliveries_notification_id_idx" ON "alert_deliveries"("notification_id");
CREATE INDEX "alert_deliveries_due_idx" ON "alert_deliveries"("next_attempt_at") WHERE "state" = 'PENDING';

ALTER TABLE "alert_incidents" ADD CONSTRAINT "alert_incidents_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "alert_incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "alert_notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;
