import { z } from "zod";

/** The `[arn]` route segment: a URL-encoded execution ARN. */
export const executionArnParamSchema = z.object({
  arn: z
    .string()
    .transform((s) => decodeURIComponent(s))
    .pipe(z.string().regex(/^arn:[\w-]+:states:[^:]*:[^:]*:(execution|express):/, "not an execution ARN")),
});
