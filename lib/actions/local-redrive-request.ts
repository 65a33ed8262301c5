import { z } from "zod";

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
