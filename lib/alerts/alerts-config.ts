import { readFileSync } from "node:fs";
import type pg from "pg";
import { z } from "zod";
import { withTransaction } from "@/lib/db/in-transaction";
import { systemActor } from "@/lib/auth/actor";
import { findJsonSyntaxError } from "@/lib/history/find-json-syntax-error";
import {
  insertAlertRule,
  lockAlertRuleByName,
  removeAlertRulesNotIn,
  updateAlertRule,
} from "@/lib/store/alert-rule-rows";
import {
  alertConditionSchema,
  alertScopeSchema,
  durationSchema,
  envReferenceSchema,
  parseDuration,
  type AlertRuleFields,
  type SecretReference,
  type StoredTarget,
} from "@/lib/store/alert-rule-schema";

type Env = Readonly<Record<string, string | undefined>>;

/** A rules file that cannot be used; the message names its origin and the JSON Pointer at fault. */
export class AlertsConfigError extends Error {
  /** The JSON Pointer at fault, when the fault is in one entry's member. */
  readonly pointer: string | undefined;
  /** The fault without its origin and pointer. */
  readonly problem: string;
  constructor(message: string, at?: { pointer: string; problem: string }) {
    super(message);
    this.name = "AlertsConfigError";
    this.pointer = at?.pointer;
    this.problem = at?.problem ?? message;
  }
}

/** Rules declared as code: where they were read, and each rule's fields (secrets as references). */
export interface AlertsConfig {
  readonly origin: string;
  readonly rules: readonly AlertRuleFields[];
}

/** A secret in the file: the text itself (kept in the file, referenced by its pointer) or `{"env": NAME}`. */
const secretInputSchema = z.union([z.url({ protocol: /^https?$/ }), envReferenceSchema]);
const targetInputSchema = z.union([
  z.object({ slack: secretInputSchema }).strict(),
  z
    .object({ webhook: secretInputSchema, secret: z.union([z.string().min(1), envReferenceSchema]).optional() })
    .strict(),
  z.object({ email: z.email() }).strict(),
]);
const ruleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    scope: alertScopeSchema.optional(),
    when: alertConditionSchema,
    notify: z.array(targetInputSchema),
    /** Repeat an open incident's notification this often, e.g. "4h". */
    repeat: durationSchema.optional(),
  })
  .strict();
const documentSchema = z.object({ alerts: z.array(z.unknown()) }).strict();

/** Turns a file's target into the stored one: literal secrets become pointers into the file. */
function toStoredTarget(target: z.infer<typeof targetInputSchema>, pointer: string): StoredTarget {
  const reference = (value: string | { env: string }, member: string): SecretReference =>
    typeof value === "string" ? { file: `${pointer}/${member}` } : value;
  if ("email" in target) return { channel: "email", to: target.email };
  if ("slack" in target) return { channel: "slack", url: reference(target.slack, "slack") };
  return {
    channel: "webhook",
    url: reference(target.webhook, "webhook"),
    ...(target.secret === undefined ? {} : { secret: reference(target.secret, "secret") }),
  };
}

/**
 * The rule fields of one entry, read from the file or the page (`literalSecrets: false`: a
 * secret must be `{"env": NAME}`, as the database may not keep it).
 * @throws {AlertsConfigError} naming `origin` and the JSON Pointer at fault.
 */
export function parseAlertRuleInput(
  entry: unknown,
  pointer: string,
  origin: string,
  options: { literalSecrets?: boolean } = {},
): AlertRuleFields {
  const parsed = ruleInputSchema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = [pointer, ...(issue?.path.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")) ?? [])].join(
      "/",
    );
    const problem = issue?.message ?? "invalid alert rule";
    throw new AlertsConfigError(`${origin}: ${at}: ${problem}`, { pointer: at, problem });
  }
  const rule = parsed.data;
  if (options.literalSecrets === false) {
    rule.notify.forEach((target, index) => {
      for (const member of ["slack", "webhook", "secret"] as const) {
        if (typeof (target as Record<string, unknown>)[member] !== "string") continue;
        const at = `${pointer}/notify/${index}/${member}`;
        const problem = 'a secret is never stored: name the environment variable that holds it, {"env": "NAME"}';
        throw new AlertsConfigError(`${origin}: ${at}: ${problem}`, { pointer: at, problem });
      }
    });
  }
  return {
    name: rule.name,
    scope: rule.scope ?? {},
    condition: rule.when,
    notify: rule.notify.map((target, index) => toStoredTarget(target, `${pointer}/notify/${index}`)),
    repeatMinutes: rule.repeat === undefined ? null : Math.max(1, Math.round(parseDuration(rule.repeat)! / 60_000)),
  };
}

/** Parses a rules document. @throws {AlertsConfigError} naming `origin` and the line, column or JSON Pointer. */
export function parseAlertsConfig(text: string, origin: string): AlertsConfig {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    const fault = findJsonSyntaxError(text);
    throw new AlertsConfigError(
      `${origin}: line ${fault?.line ?? 1}, column ${fault?.column ?? 1}: not valid JSON: ${fault?.problem ?? "syntax error"}`,
    );
  }
  const shape = documentSchema.safeParse(document);
  if (!shape.success) throw new AlertsConfigError(`${origin}: expected {"alerts": [...]}`);
  const names = new Map<string, number>();
  const rules = shape.data.alerts.map((entry, index) => {
    const rule = parseAlertRuleInput(entry, `/alerts/${index}`, origin);
    const earlier = names.get(rule.name);
    if (earlier !== undefined)
      throw new AlertsConfigError(
        `${origin}: /alerts/${index}/name: '${rule.name}' is already the name of /alerts/${earlier}`,
      );
    names.set(rule.name, index);
    return rule;
  });
  return { origin, rules };
}

/** The rules document's text named by the environment and its origin, or null. @throws {AlertsConfigError} */
export function readAlertsConfigText(env: Env): { text: string; origin: string } | null {
  const inline = env["STEPSCOPE_ALERTS"];
  const file = env["STEPSCOPE_ALERTS_FILE"];
  if (inline && file) throw new AlertsConfigError("set STEPSCOPE_ALERTS or STEPSCOPE_ALERTS_FILE, not both");
  if (inline) return { text: inline, origin: "STEPSCOPE_ALERTS" };
  if (!file) return null;
  try {
    return { text: readFileSync(file, "utf8"), origin: file };
  } catch (error) {
    throw new AlertsConfigError(
      `STEPSCOPE_ALERTS_FILE: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** The rules document as JSON, for secrets referenced by pointer (`{}` when there is none). */
export function readAlertsDocument(env: Env): unknown {
  const config = readAlertsConfigText(env);
  return config === null ? {} : (JSON.parse(config.text) as unknown);
}

/** What {@link applyAlertsConfig} did, by rule name. */
export interface AppliedAlertsConfig {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
  readonly removed: string[];
}

/**
 * Makes the stored rules match the config in one transaction, each change audited (by
 * `system`): a new name is added, a rule of the same name takes the file's fields (and
 * becomes the file's), a rule the same file declared before and no longer does is removed.
 * Rules made on the page under other names stay.
 */
export async function applyAlertsConfig(
  pool: Pick<pg.Pool, "connect">,
  config: AlertsConfig,
): Promise<AppliedAlertsConfig> {
  const applied: AppliedAlertsConfig = { created: [], updated: [], unchanged: [], removed: [] };
  await withTransaction(pool, async (client) => {
    for (const rule of config.rules) {
      const id = await lockAlertRuleByName(client, rule.name);
      if (id === null) {
        await insertAlertRule(client, systemActor, rule, config.origin);
        applied.created.push(rule.name);
        continue;
      }
      const outcome = await updateAlertRule(client, systemActor, id, rule, config.origin);
      (outcome === "updated" ? applied.updated : applied.unchanged).push(rule.name);
    }
    applied.removed.push(
      ...(await removeAlertRulesNotIn(
        client,
        systemActor,
        config.origin,
        config.rules.map((r) => r.name),
      )),
    );
  });
  return applied;
}

/** Reads the environment's rules and applies them; a line for the log, or null when none are declared. */
export async function applyAlertsConfigFromEnv(
  pool: Pick<pg.Pool, "connect">,
  env: Env = process.env,
): Promise<string | null> {
  const source = readAlertsConfigText(env);
  if (source === null) return null;
  const applied = await applyAlertsConfig(pool, parseAlertsConfig(source.text, source.origin));
  const parts = (["created", "updated", "unchanged", "removed"] as const)
    .filter((k) => applied[k].length > 0)
    .map((k) => `${k} ${applied[k].join(", ")}`);
  return `alert rules from ${source.origin}: ${parts.length > 0 ? parts.join("; ") : "none declared"}`;
}
