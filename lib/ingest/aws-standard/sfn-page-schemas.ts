import { z } from "zod";

/**
 * zod shapes of the Step Functions SDK outputs the collector reads, checked before anything
 * is normalized (the SDK deserializes but does not validate). Timestamps are `Date`s.
 */
const executionStatusSchema = z.enum(["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"]);

export const stateMachineListPageSchema = z.object({
  stateMachines: z.array(z.looseObject({ stateMachineArn: z.string(), name: z.string(), type: z.enum(["STANDARD", "EXPRESS"]) })),
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
      destinations: z.array(z.looseObject({ cloudWatchLogsLogGroup: z.looseObject({ logGroupArn: z.string().optional() }).optional() })).optional(),
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
});
export type DescribedExecutionOutput = z.infer<typeof describedExecutionSchema>;

/** A `GetExecutionHistory` page; each event's own shape is checked by `parseHistoryEvents`. */
export const historyPageSchema = z.object({
  events: z.array(z.looseObject({ id: z.number().int().positive(), timestamp: z.date(), type: z.string() })),
  nextToken: z.string().optional(),
});
export type RawSdkEvent = z.infer<typeof historyPageSchema>["events"][number];

export const mapRunListPageSchema = z.object({
  mapRuns: z.array(z.looseObject({ mapRunArn: z.string(), executionArn: z.string() })),
  nextToken: z.string().optional(),
});

export const tagListSchema = z.object({ tags: z.array(z.looseObject({ key: z.string().optional(), value: z.string().optional() })).default([]) });
