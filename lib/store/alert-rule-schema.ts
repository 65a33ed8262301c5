import { z } from "zod";

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `"90s"`, `"5m"`, `"1h"`, `"2d"` (or `"500ms"`) in milliseconds; null when it is not one. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** A duration as rules write it: `"30s"`, `"5m"`, `"1h"`, `"2d"`. */
export const durationSchema = z
  .string()
  .refine((text) => (parseDuration(text) ?? 0) > 0, { message: 'expected a duration such as "30s", "5m", "1h", "2d"' });

/** Where a rule looks; every list optional (all by default). Local runs only when `sources` names the local source. */
export const alertScopeSchema = z
  .object({
    sources: z.array(z.string().min(1)).min(1).optional(),
    accounts: z
      .array(z.string().regex(/^\d{12}$/, "expected a 12-digit AWS account id"))
      .min(1)
      .optional(),
    regions: z.array(z.string().min(1)).min(1).optional(),
    /** State machine names or ARNs. */
    stateMachines: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type AlertScope = z.infer<typeof alertScopeSchema>;

/** The rule's condition, by `kind`. */
export const alertConditionSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("new-failure-group"),
      /** The group's incident resolves once it has not failed for this long; default 24h. */
      quietFor: durationSchema.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("failure-rate"),
      /** (failed + timed out) ÷ ended, in percent. */
      abovePercent: z.number().min(0).max(100),
      /** Executions started within it count; default 1h. */
      window: durationSchema.optional(),
      /** Fewer ended executions than this never fire; default 10. */
      minCount: z.number().int().positive().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("duration-p95"),
      /** A state's name: the p95 of its runs instead of the executions'. */
      state: z.string().min(1).optional(),
      /** Fires when the p95 is above this duration. */
      above: durationSchema.optional(),
      /** Fires when the p95 is above this many times the previous window's. */
      aboveRatio: z.number().gt(1).optional(),
      window: durationSchema.optional(),
      /** Fewer runs than this in the window never fire; default 5. */
      minCount: z.number().int().positive().optional(),
    })
    .strict()
    .refine((c) => c.above !== undefined || c.aboveRatio !== undefined, {
      message: 'give "above" (a duration) or "aboveRatio" (a number above 1)',
    }),
  z.object({ kind: z.literal("running-longer-than"), after: durationSchema }).strict(),
  z
    .object({
      kind: z.literal("monthly-cost"),
      /** Fires when the month's projected cost (so far ÷ elapsed share of the month) is above this, USD. */
      budgetUsd: z.number().nonnegative(),
    })
    .strict(),
]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;
export type AlertConditionKind = AlertCondition["kind"];

/** A secret by reference: an environment variable's name. */
export const envReferenceSchema = z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }).strict();

/**
 * A secret as stored: an environment variable, or the JSON Pointer of a literal in the rules
 * file (read again from the file when sending, so the database never holds it).
 */
export const secretReferenceSchema = z.union([
  envReferenceSchema,
  z.object({ file: z.string().startsWith("/") }).strict(),
]);
export type SecretReference = z.infer<typeof secretReferenceSchema>;

/** A notification target as stored in `alert_rules.notify`. */
export const storedTargetSchema = z.discriminatedUnion("channel", [
  z.object({ channel: z.literal("slack"), url: secretReferenceSchema }).strict(),
  z
    .object({ channel: z.literal("webhook"), url: secretReferenceSchema, secret: secretReferenceSchema.optional() })
    .strict(),
  z.object({ channel: z.literal("email"), to: z.email() }).strict(),
]);
export type StoredTarget = z.infer<typeof storedTargetSchema>;

/** A rule as the store keeps it. */
export interface StoredAlertRule {
  readonly id: number;
  readonly name: string;
  readonly scope: AlertScope;
  readonly condition: AlertCondition;
  readonly notify: readonly StoredTarget[];
  /** Repeat an open incident's notification this often (minutes); null: never. */
  readonly repeatMinutes: number | null;
  readonly origin: string;
  readonly mutedUntil: Date | null;
}

/** What a rule's fields are when written by the page or the rules file (secrets already references). */
export interface AlertRuleFields {
  readonly name: string;
  readonly scope: AlertScope;
  readonly condition: AlertCondition;
  readonly notify: readonly StoredTarget[];
  readonly repeatMinutes: number | null;
}
