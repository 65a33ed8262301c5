// POST /api/local-runs/validate — check a definition; answers {ok, errors: [{path, message}]}
import { withRoute } from "@/lib/api/with-route";
import { validateDefinition } from "@/lib/asl/validate-definition";
import { validateLocalDefinitionSchema } from "@/lib/local-runs/local-run-schema";

export const dynamic = "force-dynamic";

export const POST = withRoute(async (req) => {
  const { definition } = validateLocalDefinitionSchema.parse(await req.json());
  const result = validateDefinition(definition);
  return result.ok ? { ok: true, errors: [] } : { ok: false, errors: result.errors.map((e) => ({ path: e.path || "/", message: e.message })) };
});
