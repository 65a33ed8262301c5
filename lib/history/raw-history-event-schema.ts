import { z } from "zod";
import { awsHistoryLimits } from "./aws-history-limits";

/**
 * One `HistoryEvent` as an input carries it, before canonicalisation: `id` a positive
 * integer, `previousEventId` a non-negative integer or absent (the SDK omits 0),
 * `timestamp` an ISO-8601 string, epoch number or `Date`, `type` a non-empty string.
 * Other members (the `*EventDetails`) pass through and are checked separately.
 */
export const rawHistoryEventSchema = z.looseObject({
  // `max` first, so 1e308 (an "integer" to JavaScript) is reported as too large. Ids are stored as INTEGER.
  id: z
    .number({ error: "expected `id` to be a positive integer" })
    .max(awsHistoryLimits.maxEventId, { error: `expected \`id\` to be at most ${awsHistoryLimits.maxEventId}` })
    .int({ error: "expected `id` to be a positive integer" })
    .positive({ error: "expected `id` to be a positive integer" }),
  previousEventId: z
    .number({ error: "expected `previousEventId` to be a non-negative integer" })
    .max(awsHistoryLimits.maxEventId, {
      error: `expected \`previousEventId\` to be at most ${awsHistoryLimits.maxEventId}`,
    })
    .int({ error: "expected `previousEventId` to be a non-negative integer" })
    .nonnegative({ error: "expected `previousEventId` to be a non-negative integer" })
    .nullish(),
  timestamp: z.union([z.string(), z.number(), z.date()], { error: "expected an ISO-8601 timestamp" }),
  type: z.string({ error: "missing `type`" }).min(1, { error: "missing `type`" }),
});

/** A raw event that passed {@link rawHistoryEventSchema}. */
export type RawHistoryEvent = z.infer<typeof rawHistoryEventSchema>;
