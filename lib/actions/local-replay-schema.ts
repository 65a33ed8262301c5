import { z } from "zod";

/**
 * The `"local"` variant of `POST /api/executions/:arn/replay`: re-run the execution in the
 * bundled interpreter with its recorded task results. `input` and `definition` are JSON texts
 * as typed in the editor; absent, the execution's own input and definition are used.
 */
export const localReplayRequestSchema = z.object({
  mode: z.literal("local"),
  input: z.string().max(262_144).optional(),
  definition: z.string().max(1_000_000).optional(),
});
export type LocalReplayRequest = z.infer<typeof localReplayRequestSchema>;

/**
 * The body of `POST /api/executions/:arn/redrive` for a local execution: optionally a
 * MockConfigFile and test case that answer the Tasks the redrive re-runs (without one, a
 * re-run Task has no resolution and fails, as in `stepscope run`).
 */
export const localRedriveRequestSchema = z
  .object({
    mockConfig: z.string().max(1_000_000).optional(),
    testCase: z.string().max(80).optional(),
  })
  .refine((b) => (b.mockConfig ?? "").trim() === "" || (b.testCase ?? "").trim() !== "", {
    path: ["testCase"],
    message: "a mock config needs a test case name",
  });
export type LocalRedriveRequest = z.infer<typeof localRedriveRequestSchema>;
