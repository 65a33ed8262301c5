// GET /api/executions/:arn/map-runs — the Distributed Map runs the execution started, with their counts
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { readDb } from "@/lib/api/read-your-writes";
import { listMapRuns } from "@/lib/queries/list-map-runs";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  return { mapRuns: orNotFound(await listMapRuns((await readDb()).pool, arn), `Execution ${arn}`) };
});
