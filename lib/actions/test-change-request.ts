import { z } from "zod";

/** At most this many executions one "Test a change" replays (each in the one local runner, with the web's limits). */
export const maxTestedExecutions = 50;

/**
 * `POST /api/state-machines/:arn/test`: the changed definition (JSON text, at most AWS's 1 MB)
 * and which of the machine's recorded executions to replay against it, newest first, local runs
 * left out: the last `count`, the last `count` of a failure group, or the last `count` a
 * query-language expression selects.
 */
export const testChangeRequestSchema = z.object({
  definition: z.string().min(1).max(1_048_576),
  selection: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("last"), count: z.number().int().min(1).max(maxTestedExecutions) }),
    z.object({
      kind: z.literal("failure-group"),
      signature: z.string().regex(/^[0-9a-f]{8,64}$/, "a failure group's signature"),
      count: z.number().int().min(1).max(maxTestedExecutions),
    }),
    z.object({
      kind: z.literal("query"),
      q: z.string().trim().min(1).max(2000),
      count: z.number().int().min(1).max(maxTestedExecutions),
    }),
  ]),
});
export type TestChangeRequest = z.infer<typeof testChangeRequestSchema>;

/** One replayed execution in the answer: what changed, and where to compare. */
export const testedExecutionSchema = z.object({
  executionArn: z.string(),
  name: z.string(),
  startDate: z.string(),
  verdict: z.enum(["unchanged", "changed", "error"]),
  summary: z.string(),
  recordedStatus: z.string(),
  replayedStatus: z.string().nullable(),
  /** The stored replay (a local execution, "Replay of" the original); null when it could not be replayed. */
  replayArn: z.string().nullable(),
  unresolvedTasks: z.array(z.string()),
});
export type TestedExecution = z.infer<typeof testedExecutionSchema>;

export const testChangeAnswerSchema = z.object({
  stateMachineArn: z.string(),
  tested: z.number(),
  changed: z.number(),
  executions: z.array(testedExecutionSchema),
});
export type TestChangeAnswer = z.infer<typeof testChangeAnswerSchema>;
