import { z } from "zod";

/** `app_settings.key` of the retention policy. */
export const RETENTION_SETTING_KEY = "retention.policy";

/** Days, or null for forever. At most 100 years. */
const daysSchema = z.number().int().min(1).max(36_500).nullable();

/**
 * How long one source keeps what it stores: `executionDays` bounds the executions (their
 * events, state runs and attempts), by `startDate`; `rollupDays` bounds the daily/hourly/weekly
 * rollups behind Overview, Failures and Costs, by their day. Null keeps forever. A member
 * left out takes the default's.
 */
export const retentionRuleSchema = z
  .object({ executionDays: daysSchema.optional(), rollupDays: daysSchema.optional() })
  .strict();
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

/** The whole policy: a default, and rules by source name. */
export const retentionPolicySchema = z
  .object({
    default: z.object({ executionDays: daysSchema, rollupDays: daysSchema }).strict(),
    sources: z.record(z.string().min(1).max(200), retentionRuleSchema).default({}),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const rules: [string[], RetentionRule][] = [
      [["default"], policy.default],
      ...Object.entries(policy.sources).map(([name, rule]): [string[], RetentionRule] => [["sources", name], rule]),
    ];
    for (const [path, rule] of rules) {
      const resolved = resolveRule(policy.default, rule);
      if (outlives(resolved.executionDays, resolved.rollupDays)) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "rollupDays"],
          message: "rollups must be kept at least as long as the executions they sum (rollupDays ≥ executionDays)",
        });
      }
    }
  });
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

/** A rule with every member decided. */
export interface ResolvedRetention {
  readonly executionDays: number | null;
  readonly rollupDays: number | null;
}

/** Keep everything forever: the policy when none was set. */
export const defaultRetentionPolicy: RetentionPolicy = {
  default: { executionDays: null, rollupDays: null },
  sources: {},
};

function outlives(executionDays: number | null, rollupDays: number | null): boolean {
  if (rollupDays === null) return false;
  return executionDays === null || executionDays > rollupDays;
}

function resolveRule(fallback: ResolvedRetention, rule: RetentionRule): ResolvedRetention {
  return {
    executionDays: rule.executionDays === undefined ? fallback.executionDays : rule.executionDays,
    rollupDays: rule.rollupDays === undefined ? fallback.rollupDays : rule.rollupDays,
  };
}

/** The rule that applies to the source named `sourceName`. */
export function getSourceRetention(policy: RetentionPolicy, sourceName: string): ResolvedRetention {
  const rule = Object.hasOwn(policy.sources, sourceName) ? policy.sources[sourceName] : undefined;
  return rule ? resolveRule(policy.default, rule) : policy.default;
}

/** The instant before which a source's executions (or rollups) expire, or null when kept forever. */
export function getRetentionCutoff(days: number | null, now: Date): Date | null {
  return days === null ? null : new Date(now.getTime() - days * 86_400_000);
}

/** "forever", "1 day", "30 days". */
export function formatRetentionDays(days: number | null): string {
  if (days === null) return "forever";
  return days === 1 ? "1 day" : `${days} days`;
}
