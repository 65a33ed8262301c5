// POST /api/state-machines/:arn/test — replay the machine's recorded executions against a changed definition ("Test a change")
import { z } from "zod";
import { testChange } from "@/lib/actions/test-change";
import { testChangeRequestSchema } from "@/lib/actions/test-change-request";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({
  arn: z
    .string()
    .transform((s) => decodeURIComponent(s))
    .pipe(
      z
        .string()
        .max(2048)
        .regex(/^arn:[\w-]+:states:[^:]*:[^:]*:stateMachine:/, "not a state machine ARN"),
    ),
});

export const POST = withRoute<{ arn: string }>(
  async (req, { params, actor }) => {
    const { arn } = paramsSchema.parse(params);
    const request = testChangeRequestSchema.parse(await readJsonBody(req, bodyLimits.interpreter));
    return testChange(await getDb(), actor, arn, request);
  },
  { role: "operator" },
);
