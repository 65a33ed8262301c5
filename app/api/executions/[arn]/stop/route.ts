// POST /api/executions/:arn/stop — StopExecution of a running AWS execution, with error and cause
import { stopAwsExecution, stopRequestSchema } from "@/lib/actions/stop-aws-execution";
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ arn: string }>(
  async (req, { params, actor }) => {
    const { arn } = executionArnParamSchema.parse(params);
    const request = stopRequestSchema.parse(await readJsonBody(req, bodyLimits.form, { optional: true }));
    return stopAwsExecution(await getDb(), actor, arn, request);
  },
  { role: "operator" },
);
