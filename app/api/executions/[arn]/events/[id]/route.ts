// GET /api/executions/:arn/events/:id — one event as AWS sent it
import { z } from "zod";
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { getHistoryEvents } from "@/lib/queries/get-history-events";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

const paramsSchema = executionArnParamSchema.extend({ id: z.coerce.number().int().min(1) });

export const GET = withRoute<{ arn: string; id: string }>(async (_req, { params }) => {
  const { arn, id } = paramsSchema.parse(params);
  const events = orNotFound(await getHistoryEvents((await readDb()).prisma, arn, id), `Execution ${arn}`);
  return orNotFound(events[0], `Event ${id} of ${arn}`);
});
