import { z } from "zod";

/**
 * zod shapes of the Step Functions SDK outputs the collector reads, checked before anything
 * is normalized (the SDK deserializes but does not validate). Timestamps are `Date`s.
 */
const executionStatusSchema = z.enum(["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"]);

export const stateMachineListPageSchema = z.object({
  stateMachines: z.array(
    z.looseObject({ stateMachineArn: z.string(), name: z.string(), type: z.enum(["STANDARD", "EXPRESS"]) }),
  ),
  nextToken: z.string().optional(),
});

export const describedStateMachineSchema = z.looseObject({
  stateMachineArn: z.string(),
  name: z.string(),
  type: z.enum(["STANDARD", "EXPRESS"]),
  definition: z.string(),
  roleArn: z.string().optional(),
  revisionId: z.string().optional(),
  loggingConfiguration: z
    .looseObject({
      level: z.enum(["ALL", "ERROR", "FATAL", "OFF"]).optional(),
      includeExecutionData: z.boolean().optional(),
      destinations: z
        .array(
          z.looseObject({ cloudWatchLogsLogGroup: z.looseObject({ logGroupArn: z.string().optional() }).optional() }),
        )
        .optional(),
    })
    .optional(),
});
export type DescribedStateMachine = z.infer<typeof describedStateMachineSchema>;

export const executionListItemSchema = z.looseObject({
  executionArn: z.string(),
  stateMachineArn: z.string(),
  name: z.string(),
  status: executionStatusSchema,
  startDate: z.date(),
  stopDate: z.date().optional(),
  redriveCount: z.number().int().nonnegative().optional(),
  mapRunArn: z.string().optional(),
});
export type ExecutionListItem = z.infer<typeof executionListItemSchema>;

export const executionListPageSchema = z.object({
  executions: z.array(executionListItemSchema),
  nextToken: z.string().optional(),
});

export const describedExecutionSchema = z.looseObject({
  executionArn: z.string(),
  stateMachineArn: z.string(),
  name: z.string().optional(),
  status: executionStatusSchema,
  startDate: z.date(),
  stopDate: z.date().optional(),
  input: z.string().optional(),
  output: z.string().optional(),
  error: z.string().optional(),
  cause: z.string().optional(),
  redriveCount: z.number().int().nonnegative().optional(),
  redriveDate: z.date().optional(),
  redriveStatus: z.string().optional(),
  redriveStatusReason: z.string().optional(),
  mapRunArn: z.string().optional(),
  stateMachineVersionArn: z.string().optional(),
  stateMachineAliasArn: z.string().optional(),
  traceHeader: z.string().optional(),
});
export type DescribedExecutionOutput = z.infer<typeof describedExecutionSchema>;

/**
 * One `GetExecutionHistory` event as AWS sends it (the page is read as raw JSON, see
 * `withRawJsonOutput`): `timestamp` in epoch seconds. The rest of its shape is checked by
 * `parseHistoryEvents`.
 */
export interface RawSdkEvent {
  readonly id: number;
  /** Epoch seconds with a fraction (AWS JSON 1.0), or ISO-8601 text from a lenient emulator (checked by `parseHistoryEvents`). */
  readonly timestamp: number | string;
  readonly type: string;
  readonly [member: string]: unknown;
}

/**
 * A `GetExecutionHistory` page. Events are checked in place (a page holds up to 1,000 and a
 * sync reads millions: a copy of each would cost more than the check), their details by
 * `parseHistoryEvents`.
 */
export const historyPageSchema = z.object({
  events: z.array(
    z.custom<RawSdkEvent>((value) => {
      const e = value as Partial<RawSdkEvent> | null;
      if (
        typeof e !== "object" ||
        e === null ||
        !Number.isInteger(e.id) ||
        (e.id as number) <= 0 ||
        typeof e.type !== "string"
      )
        return false;
      // AWS sends epoch seconds; a lenient endpoint (a local emulator) may send them as a string, or ISO-8601 text.
      if (typeof e.timestamp === "string" && /^\d+(\.\d+)?$/.test(e.timestamp))
        (e as { timestamp: unknown }).timestamp = Number(e.timestamp);
      return Number.isFinite(e.timestamp) || (typeof e.timestamp === "string" && e.timestamp !== "");
    }, "expected a history event with a positive integer `id`, a `timestamp` (epoch seconds) and a `type`"),
  ),
  nextToken: z.string().optional(),
});

export const mapRunListPageSchema = z.object({
  mapRuns: z.array(z.looseObject({ mapRunArn: z.string(), executionArn: z.string() })),
  nextToken: z.string().optional(),
});

export const tagListSchema = z.object({
  tags: z.array(z.looseObject({ key: z.string().optional(), value: z.string().optional() })).default([]),
});

const mapRunCountsSchema = z.looseObject({
  pending: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  timedOut: z.number().int().nonnegative(),
  aborted: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  resultsWritten: z.number().int().nonnegative(),
  failuresNotRedrivable: z.number().int().nonnegative().optional(),
  pendingRedrive: z.number().int().nonnegative().optional(),
});

export const describedMapRunSchema = z.looseObject({
  mapRunArn: z.string(),
  executionArn: z.string(),
  status: z.enum(["RUNNING", "SUCCEEDED", "FAILED", "ABORTED"]),
  startDate: z.date(),
  stopDate: z.date().optional(),
  maxConcurrency: z.number().int().nonnegative(),
  toleratedFailurePercentage: z.number().min(0).max(100),
  toleratedFailureCount: z.number().int().nonnegative(),
  itemCounts: mapRunCountsSchema,
  executionCounts: mapRunCountsSchema,
  redriveCount: z.number().int().nonnegative().optional(),
  redriveDate: z.date().optional(),
});
export type DescribedMapRun = z.infer<typeof describedMapRunSchema>;
