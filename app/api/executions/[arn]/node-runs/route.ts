// GET /api/executions/:arn/node-runs?node=<graph node id> — the keys of one state's runs, failures first, for its detail panel
import { z } from "zod";
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { readDb } from "@/lib/api/read-your-writes";
import { getExecutionNodeRuns } from "@/lib/queries/get-execution-node-runs";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  node: z
    .string({ error: "the query parameter node (a graph node id, e.g. ProcessImages/items/Resize) is required" })
    .min(1)
    .max(2000),
});

export const GET = withRoute<{ arn: string }>(async (req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  const { node } = querySchema.parse({ node: req.nextUrl.searchParams.get("node") ?? undefined });
  return { runKeys: orNotFound(await getExecutionNodeRuns((await readDb()).prisma, arn, node), `Execution ${arn}`) };
});
