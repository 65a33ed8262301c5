import { z } from "zod";

/** AWS replay names: 1–80 characters of letters, digits, `-` and `_` (what `StartExecution` accepts without surprises). */
export const executionNameSuffixSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, "letters, digits, - and _ only, at most 40 characters");

/**
 * Body of `POST /api/executions/:arn/replay`, one shape per `mode`:
 * - `aws`: `StartExecution` of the same state machine with the original input; the new
 *   name is the original one plus `nameSuffix` (default `-replay-<n>`), cut to 80 characters.
 * - `local`: a re-run in the bundled interpreter (owned by lib/actions/local-*), optionally
 *   with an edited input or definition (JSON text).
 */
export const replayRequestSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("aws"),
    nameSuffix: executionNameSuffixSchema.optional(),
  }),
  z.object({
    mode: z.literal("local"),
    /** Edited execution input (JSON text); the original input when absent. */
    input: z.string().max(262_144).optional(),
    /** Edited definition (ASL JSON text); the execution's stored definition when absent. */
    definition: z.string().max(1_048_576).optional(),
  }),
]);
export type ReplayRequest = z.infer<typeof replayRequestSchema>;
export type AwsReplayRequest = Extract<ReplayRequest, { mode: "aws" }>;
export type LocalReplayRequest = Extract<ReplayRequest, { mode: "local" }>;
