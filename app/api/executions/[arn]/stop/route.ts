// POST /api/executions/:arn/stop — StopExecution of a running AWS execution, with error and cause
import { readOptionalJsonBody } from "@/lib/actions/read-optional-json-body";
import { stopAwsExecution, stopRequestSchema } from "@/lib/actions/stop-aws-execution";
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ arn: string }>(
  async (req, { params, actor }) => {
    const { arn } = executionArnParamSchema.parse(params);
    const request = stopRequestSchema.parse(await readOptionalJsonBody(req));
    return stopAwsExecution(await getDb(), actor, arn, request);
  },
  { role: "operator" },
);
