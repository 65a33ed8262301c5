// POST /api/executions/:arn/redrive — RedriveExecution in AWS (or the interpreter's redrive for a local execution)
import { getActionTargetOrThrow } from "@/lib/actions/get-action-target";
import { localRedriveRequestSchema } from "@/lib/actions/local-redrive-request";
import { redriveLocalExecution } from "@/lib/actions/local-redrive";
import { redriveAwsExecution } from "@/lib/actions/redrive-aws-execution";
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ arn: string }>(
  async (req, { params, actor }) => {
    const { arn } = executionArnParamSchema.parse(params);
    const body = await readJsonBody(req, bodyLimits.interpreter, { optional: true });
    const db = await getDb();
    const target = await getActionTargetOrThrow(db, arn);
    if (target.sourceKind === "LOCAL")
      return redriveLocalExecution(db, actor, arn, localRedriveRequestSchema.parse(body));
    return redriveAwsExecution(db, actor, arn);
  },
  { role: "operator" },
);
