// GET /api/executions/:arn/overlay?iteration=<index>:<Map id> — the execution over its graph, for the Graph tab
import { z } from "zod";
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { readDb } from "@/lib/api/read-your-writes";
import { iterationParamsSchema } from "@/lib/execution-view/overlay-iterations";
import { getExecutionOverlay } from "@/lib/queries/get-execution-overlay";
import { cachedRead } from "@/lib/queries/cached-read";

export const dynamic = "force-dynamic";

const querySchema = z.object({ iteration: iterationParamsSchema });

export const GET = withRoute<{ arn: string }>(async (req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  const { iteration } = querySchema.parse({ iteration: req.nextUrl.searchParams.getAll("iteration") });
  const db = await readDb();
  const overlay = await cachedRead(db, ["execution-overlay", arn, iteration], () =>
    getExecutionOverlay(db.prisma, arn, iteration),
  );
  return orNotFound(overlay, `Execution ${arn}`);
});
