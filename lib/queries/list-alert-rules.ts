import type pg from "pg";
import { z } from "zod";
import {
  alertConditionSchema,
  alertScopeSchema,
  storedTargetSchema,
  type StoredAlertRule,
} from "@/lib/store/alert-rule-schema";

const notifySchema = z.array(storedTargetSchema);

/** Every alert rule, by name (rows were validated on the way in; parsed again so the types hold). */
export async function listAlertRules(reader: Pick<pg.Pool, "query">): Promise<StoredAlertRule[]> {
  const { rows } = await reader.query<{
    id: number;
    name: string;
    scope: unknown;
    condition: unknown;
    notify: unknown;
    repeat_minutes: number | null;
    origin: string;
    muted_until: Date | null;
  }>(
    "SELECT id, name, scope, condition, notify, repeat_minutes, origin, muted_until FROM alert_rules ORDER BY name",
    [],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scope: alertScopeSchema.parse(r.scope),
    condition: alertConditionSchema.parse(r.condition),
    notify: notifySchema.parse(r.notify),
    repeatMinutes: r.repeat_minutes,
    origin: r.origin,
    mutedUntil: r.muted_until,
  }));
}
