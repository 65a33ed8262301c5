import { z } from "zod";

/** The body of `POST /api/local-runs`: JSON texts as typed in the editor. */
export const localRunSchema = z
  .object({
    definition: z.string().min(1).max(1_000_000),
    input: z.string().max(262_144).default("{}"),
    stateMachineName: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,80}$/)
      .default("local"),
    mockConfig: z.string().max(1_000_000).optional(),
    testCase: z.string().max(80).optional(),
  })
  .refine((b) => (b.mockConfig ?? "").trim() === "" || (b.testCase ?? "").trim() !== "", {
    path: ["testCase"],
    message: "a mock config needs a test case name",
  });
export type LocalRun = z.infer<typeof localRunSchema>;

/** The body of `POST /api/local-runs/validate`. */
export const validateLocalDefinitionSchema = z.object({ definition: z.string().max(1_000_000) });
