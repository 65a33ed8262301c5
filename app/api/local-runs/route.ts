// POST /api/local-runs — run a definition in the bundled interpreter and store it under source `local`
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { localRunSchema } from "@/lib/local-runs/local-run-schema";
import { runLocalDefinition } from "@/lib/local-runs/run-local-definition";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async (req, { actor }) => {
    const body = localRunSchema.parse(await readJsonBody(req, bodyLimits.interpreter));
    const { executionArn } = await runLocalDefinition(await getDb(), body, actor);
    return { executionArn };
  },
  { role: "operator" },
);
