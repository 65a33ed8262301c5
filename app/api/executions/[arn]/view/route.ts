// GET /api/executions/:arn/view — definition and state runs with attempts, for the Graph and Timeline tabs
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { getExecutionViewJson } from "@/lib/queries/get-execution-view";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  // Postgres builds the JSON (megabytes on a 25,000-event history); it is sent as it is.
  const json = orNotFound(await getExecutionViewJson((await readDb()).prisma, arn), `Execution ${arn}`);
  return new Response(json, { headers: { "content-type": "application/json; charset=utf-8" } });
});
