import { z } from "zod";

/**
 * A loose view of an ASL definition: just what the graph needs, every other field kept.
 * Definitions may be invalid, so nothing here is required beyond a `States` object; the
 * extractor reports what it cannot draw instead of refusing the whole definition.
 */
export const looseStateSchema = z.looseObject({
  Type: z.string().optional(),
  Next: z.unknown().optional(),
  End: z.unknown().optional(),
  Default: z.unknown().optional(),
  Choices: z.unknown().optional(),
  Catch: z.unknown().optional(),
  Retry: z.unknown().optional(),
  Branches: z.unknown().optional(),
  ItemProcessor: z.unknown().optional(),
  Iterator: z.unknown().optional(),
  Resource: z.unknown().optional(),
  Comment: z.unknown().optional(),
});
export type LooseState = z.infer<typeof looseStateSchema>;

/** `{StartAt, States}` of a state machine, a Parallel branch or a Map processor. */
export const looseMachineSchema = z.looseObject({
  StartAt: z.string().optional(),
  States: z.record(z.string(), z.unknown()),
});
export type LooseMachine = z.infer<typeof looseMachineSchema>;

export const choiceRuleSchema = z.looseObject({ Next: z.string().optional() });
export const catcherSchema = z.looseObject({
  ErrorEquals: z.array(z.string()).optional(),
  Next: z.string().optional(),
});
export const retrierSchema = z.looseObject({ ErrorEquals: z.array(z.string()).optional() });
