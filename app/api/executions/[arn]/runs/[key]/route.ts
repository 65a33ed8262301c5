// GET /api/executions/:arn/runs/:key — one state run with payloads, attempts and its events
import { z } from "zod";
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { getStateRunDetail } from "@/lib/queries/get-state-run-detail";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

const paramsSchema = executionArnParamSchema.extend({
  key: z
    .string()
    .min(1)
    .transform((k) => decodeURIComponent(k)),
});

export const GET = withRoute<{ arn: string; key: string }>(async (_req, { params }) => {
  const { arn, key } = paramsSchema.parse(params);
  return orNotFound(await getStateRunDetail((await readDb()).prisma, arn, key), `State run ${key}`);
});
