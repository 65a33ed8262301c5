// GET /api/executions/:arn/definition — the ASL definition the execution ran, if one is stored
import { executionArnParamSchema } from "@/lib/api/execution-arn-param";
import { orNotFound } from "@/lib/api/or-not-found";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ arn: string }>(async (_req, { params }) => {
  const { arn } = executionArnParamSchema.parse(params);
  const { prisma: db } = await getDb();
  const e = orNotFound(
    await db.execution.findUnique({ where: { executionArn: arn }, select: { definition: { select: { definition: true, hash: true } } } }),
    `Execution ${arn}`,
  );
  return { definition: e.definition?.definition ?? null, hash: e.definition?.hash ?? null };
});
