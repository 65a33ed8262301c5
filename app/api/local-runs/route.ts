// POST /api/local-runs — run a definition in the bundled interpreter and store it under source `local`
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { localRunSchema } from "@/lib/local-runs/local-run-schema";
import { readJsonBody } from "@/lib/local-runs/read-json-body";
import { runLocalDefinition } from "@/lib/local-runs/run-local-definition";

export const dynamic = "force-dynamic";

export const POST = withRoute(async (req, { actor }) => {
  const body = localRunSchema.parse(await readJsonBody(req));
  const { executionArn } = await runLocalDefinition(await getDb(), body, actor);
  return { executionArn };
}, { role: "operator" });
