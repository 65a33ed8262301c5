import { z } from "zod";
import { awsApis } from "@/lib/aws/aws-quotas";

const quotaSchema = z.object({ capacity: z.number().positive(), refillPerSecond: z.number().positive() });

/**
 * `sources.settings` of an AWS source. No secrets: credentials come from the standard chain
 * (`profile`, `roleArn` to assume) when a sync runs.
 */
export const syncSourceSettingsSchema = z.object({
  /** Named profile in ~/.aws/config. */
  profile: z.string().min(1).optional(),
  /** Role to assume with the chain's credentials. */
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "expected an IAM role ARN")
    .optional(),
  externalId: z.string().min(1).optional(),
  /** Which state machines: all, those whose name starts with `prefix`, or those tagged `tagKey` (= `tagValue` when set). */
  stateMachines: z
    .discriminatedUnion("mode", [
      z.object({ mode: z.literal("all") }),
      z.object({ mode: z.literal("prefix"), prefix: z.string().min(1) }),
      z.object({ mode: z.literal("tag"), tagKey: z.string().min(1), tagValue: z.string().optional() }),
    ])
    .default({ mode: "all" }),
  /** How far back the first sync reaches, days (AWS keeps closed executions 90 days). Default 90. */
  firstSyncDays: z.number().int().positive().max(3650).default(90),
  /** Seconds between syncs of the in-process scheduler and the worker. Default 300. */
  pollIntervalSeconds: z.number().int().min(10).default(300),
  /** Executions fetched at once. Default 16. */
  concurrency: z.number().int().min(1).max(256).default(16),
  /**
   * Quotas in place of AWS's defaults (an account with raised limits), per API name
   * (`GetExecutionHistory`: `{ capacity, refillPerSecond }`). Every process syncing the
   * account and region shares the buckets (in Postgres).
   */
  quotas: z.partialRecord(z.enum(awsApis), quotaSchema).default({}),
});
export type SyncSourceSettings = z.infer<typeof syncSourceSettingsSchema>;

/** Settings of a stored source; invalid or missing fields fall back to the defaults. */
export function readSyncSourceSettings(value: unknown): SyncSourceSettings {
  const parsed = syncSourceSettingsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : syncSourceSettingsSchema.parse({});
}
