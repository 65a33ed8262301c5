import { z } from "zod";

const timestamp = z.union([z.string(), z.number(), z.date()]);

/**
 * `aws stepfunctions describe-execution` output (the fields Stepscope keeps). Dates are
 * ISO strings (CLI) or epoch seconds (wire protocol); payloads are JSON strings.
 */
export const describeExecutionSchema = z.looseObject({
  executionArn: z.string().min(1),
  stateMachineArn: z.string().optional(),
  name: z.string().optional(),
  status: z.enum(["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"]).optional(),
  startDate: timestamp.optional(),
  stopDate: timestamp.optional(),
  input: z.string().optional(),
  output: z.string().optional(),
  error: z.string().optional(),
  cause: z.string().optional(),
  redriveCount: z.number().int().nonnegative().optional(),
  redriveDate: timestamp.optional(),
  redriveStatus: z.string().optional(),
  redriveStatusReason: z.string().optional(),
  mapRunArn: z.string().optional(),
  stateMachineVersionArn: z.string().optional(),
  stateMachineAliasArn: z.string().optional(),
  traceHeader: z.string().optional(),
});

/** Parsed `describe-execution` output. */
export type DescribeExecution = z.infer<typeof describeExecutionSchema>;

/** `aws stepfunctions describe-state-machine` output: `definition` is the ASL text. */
export const describeStateMachineSchema = z.looseObject({
  stateMachineArn: z.string().min(1),
  name: z.string().min(1),
  type: z.enum(["STANDARD", "EXPRESS"]).optional(),
  definition: z.string(),
  roleArn: z.string().optional(),
  revisionId: z.string().optional(),
  loggingConfiguration: z.unknown().optional(),
});

/** Parsed `describe-state-machine` output. */
export type DescribeStateMachine = z.infer<typeof describeStateMachineSchema>;

/** A bundle file: `{"execution", "stateMachine"?, "events"}`. */
export const historyBundleSchema = z.looseObject({
  execution: describeExecutionSchema,
  stateMachine: describeStateMachineSchema.optional(),
  events: z.array(z.unknown()),
  nextToken: z.string().nullish(),
});

/** Parsed bundle file. */
export type HistoryBundle = z.infer<typeof historyBundleSchema>;
