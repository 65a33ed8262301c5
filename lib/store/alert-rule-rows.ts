import type pg from "pg";
import { withTransaction } from "@/lib/db/in-transaction";
import type { AlertRuleFields } from "./alert-rule-schema";
import { recordAudit, type AuditActor } from "./record-audit";
import type { TransactionClient } from "./transaction-client";

type Pool = Pick<pg.Pool, "connect">;

const fieldValues = (rule: AlertRuleFields): unknown[] => [
  rule.name,
  JSON.stringify(rule.scope),
  JSON.stringify(rule.condition),
  JSON.stringify(rule.notify),
  rule.repeatMinutes,
];

/** What the audit row keeps of a rule: everything (targets are references, never secrets). */
const auditedRule = (rule: AlertRuleFields) => ({
  name: rule.name,
  scope: rule.scope,
  when: rule.condition,
  notify: rule.notify,
  repeatMinutes: rule.repeatMinutes,
});

/** Whether a rule of that name exists (the page refuses a duplicate with its own words). */
export class AlertRuleNameTakenError extends Error {
  constructor(name: string) {
    super(`an alert rule is already named '${name}'`);
    this.name = "AlertRuleNameTakenError";
  }
}

/** A rule declared in a rules file: its definition lives in the file, so the page may not change or remove it. */
export class AlertRuleProvisionedError extends Error {
  constructor(name: string, origin: string) {
    super(`the alert rule '${name}' is declared in ${origin}: change or remove it there (the page may only mute it)`);
    this.name = "AlertRuleProvisionedError";
  }
}

/** Throws when rule `id` exists and was declared in a rules file; false when there is no such rule. */
async function refuseProvisioned(client: TransactionClient, id: number): Promise<boolean> {
  const { rows } = await client.query<{ name: string; origin: string }>(
    "SELECT name, origin FROM alert_rules WHERE id = $1 FOR UPDATE",
    [id],
  );
  if (!rows[0]) return false;
  if (rows[0].origin !== "page") throw new AlertRuleProvisionedError(rows[0].name, rows[0].origin);
  return true;
}

/** Adds a rule (`origin`: `page` or the rules file) in the caller's transaction, with its audit row. Returns its id. */
export async function insertAlertRule(
  client: TransactionClient,
  actor: AuditActor,
  rule: AlertRuleFields,
  origin: string,
): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO alert_rules (name, scope, condition, notify, repeat_minutes, origin)
     VALUES ($1, $2::jsonb, $3::jsonb, $4::jsonb, $5, $6)
     ON CONFLICT (name) DO NOTHING RETURNING id`,
    [...fieldValues(rule), origin],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new AlertRuleNameTakenError(rule.name);
  await recordAudit(client, actor, {
    action: "alert.rule.create",
    targetType: "alert_rule",
    targetId: String(id),
    details: { origin, rule: auditedRule(rule) },
    outcome: "OK",
  });
  return id;
}

/**
 * Gives rule `id` new fields in the caller's transaction, with its audit row; false when
 * there is no such rule. Unchanged fields write nothing and no audit row.
 */
export async function updateAlertRule(
  client: TransactionClient,
  actor: AuditActor,
  id: number,
  rule: AlertRuleFields,
  origin: string,
): Promise<"updated" | "unchanged" | "missing"> {
  const { rows } = await client.query<{ same: boolean }>(
    `SELECT (name = $2 AND scope = $3::jsonb AND condition = $4::jsonb AND notify = $5::jsonb
             AND repeat_minutes IS NOT DISTINCT FROM $6 AND origin = $7) AS same
       FROM alert_rules WHERE id = $1 FOR UPDATE`,
    [id, ...fieldValues(rule), origin],
  );
  if (!rows[0]) return "missing";
  if (rows[0].same) return "unchanged";
  try {
    await client.query(
      `UPDATE alert_rules SET name = $2, scope = $3::jsonb, condition = $4::jsonb, notify = $5::jsonb,
              repeat_minutes = $6, origin = $7, updated_at = now() WHERE id = $1`,
      [id, ...fieldValues(rule), origin],
    );
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw new AlertRuleNameTakenError(rule.name);
    throw error;
  }
  await recordAudit(client, actor, {
    action: "alert.rule.update",
    targetType: "alert_rule",
    targetId: String(id),
    details: { origin, rule: auditedRule(rule) },
    outcome: "OK",
  });
  return "updated";
}

/**
 * Deletes page-made rule `id` (its incidents, notifications and deliveries go with it), audited.
 * False when there was none. @throws {AlertRuleProvisionedError} for a rule of a rules file.
 */
export async function deleteAlertRule(pool: Pool, actor: AuditActor, id: number): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    if (!(await refuseProvisioned(client, id))) return false;
    const { rows } = await client.query<{ name: string }>("DELETE FROM alert_rules WHERE id = $1 RETURNING name", [id]);
    if (!rows[0]) return false;
    await recordAudit(client, actor, {
      action: "alert.rule.delete",
      targetType: "alert_rule",
      targetId: String(id),
      details: { name: rows[0].name },
      outcome: "OK",
    });
    return true;
  });
}

/** Mutes rule `id` until `until` (null: unmutes), audited. Muted, a rule still opens and resolves incidents but sends nothing. */
export async function setAlertRuleMute(
  pool: Pool,
  actor: AuditActor,
  id: number,
  until: Date | null,
): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      "UPDATE alert_rules SET muted_until = $2, updated_at = now() WHERE id = $1",
      [id, until],
    );
    if (!rowCount) return false;
    await recordAudit(client, actor, {
      action: until === null ? "alert.rule.unmute" : "alert.rule.mute",
      targetType: "alert_rule",
      targetId: String(id),
      details: until === null ? {} : { until: until.toISOString() },
      outcome: "OK",
    });
    return true;
  });
}

/** Adds a rule from the page, audited (its own transaction). */
export function createAlertRule(pool: Pool, actor: AuditActor, rule: AlertRuleFields): Promise<number> {
  return withTransaction(pool, (client) => insertAlertRule(client, actor, rule, "page"));
}

/** Edits a page-made rule, audited (its own transaction). @throws {AlertRuleProvisionedError} for a rule of a rules file. */
export function editAlertRule(
  pool: Pool,
  actor: AuditActor,
  id: number,
  rule: AlertRuleFields,
): Promise<"updated" | "unchanged" | "missing"> {
  return withTransaction(pool, async (client) =>
    (await refuseProvisioned(client, id)) ? updateAlertRule(client, actor, id, rule, "page") : "missing",
  );
}

/** The id of the rule named `name`, locked for this transaction (null when there is none). */
export async function lockAlertRuleByName(client: TransactionClient, name: string): Promise<number | null> {
  const { rows } = await client.query<{ id: number }>("SELECT id FROM alert_rules WHERE name = $1 FOR UPDATE", [name]);
  return rows[0]?.id ?? null;
}

/** Removes the rules a rules file (`origin`) declared before and no longer declares, each audited; returns their names. */
export async function removeAlertRulesNotIn(
  client: TransactionClient,
  actor: AuditActor,
  origin: string,
  names: readonly string[],
): Promise<string[]> {
  const { rows: gone } = await client.query<{ id: number; name: string }>(
    "DELETE FROM alert_rules WHERE origin = $1 AND NOT (name = ANY($2::text[])) RETURNING id, name",
    [origin, names],
  );
  for (const rule of gone) {
    await recordAudit(client, actor, {
      action: "alert.rule.delete",
      targetType: "alert_rule",
      targetId: String(rule.id),
      details: { name: rule.name, origin },
      outcome: "OK",
    });
  }
  return gone.map((rule) => rule.name);
}
