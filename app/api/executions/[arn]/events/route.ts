// GET /api/executions/:arn/events — every event in order, without payloads
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { listEventRows } from "@/lib/queries/list-event-rows";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  return { events: orNotFound(await listEventRows((await readDb()).prisma, arn), `Execution ${arn}`) };
});
