// POST /api/executions/:arn/replay — StartExecution with the same input (mode aws) or a re-run in the interpreter (mode local)
import { replayExecutionLocally } from "@/lib/actions/local-replay";
import { replayAwsExecution } from "@/lib/actions/replay-aws-execution";
import { replayRequestSchema } from "@/lib/actions/replay-request";
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ arn: string }>(
  async (req, { params, actor }) => {
    const { arn } = executionArnParamSchema.parse(params);
    const request = replayRequestSchema.parse(await readJsonBody(req, bodyLimits.interpreter));
    const db = await getDb();
    return request.mode === "aws"
      ? replayAwsExecution(db, actor, arn, request)
      : replayExecutionLocally(db, actor, arn, request);
  },
  { role: "operator" },
);
