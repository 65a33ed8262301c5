// POST /api/executions/:arn/redrive — RedriveExecution in AWS (or the interpreter's redrive for a local execution)
import { getActionTargetOrThrow } from "@/lib/actions/get-action-target";
import { localRedriveRequestSchema } from "@/lib/actions/local-redrive-request";
import { redriveLocalExecution } from "@/lib/actions/local-redrive";
import { readOptionalJsonBody } from "@/lib/actions/read-optional-json-body";
import { redriveAwsExecution } from "@/lib/actions/redrive-aws-execution";
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ arn: string }>(
  async (req, { params, actor }) => {
    const { arn } = executionArnParamSchema.parse(params);
    const body = await readOptionalJsonBody(req);
    const db = await getDb();
    const target = await getActionTargetOrThrow(db, arn);
    if (target.sourceKind === "LOCAL") return redriveLocalExecution(db, actor, arn, localRedriveRequestSchema.parse(body));
    return redriveAwsExecution(db, actor, arn);
  },
  { role: "operator" },
);
