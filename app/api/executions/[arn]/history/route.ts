// GET /api/executions/:arn/history — the stored history as `aws stepfunctions get-execution-history` prints it
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { getHistoryEvents } from "@/lib/queries/get-history-events";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  const events = orNotFound(await getHistoryEvents((await readDb()).prisma, arn), `Execution ${arn}`);
  const name = arn.split(":").pop() ?? "history";
  return new Response(JSON.stringify({ events }, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name.replace(/[^\w.-]/g, "_")}.history.json"`,
    },
  });
});
