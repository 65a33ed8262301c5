// POST /api/local-runs/validate — check a definition; answers {ok, errors: [{path, message}]}
import { withRoute } from "@/lib/api/with-route";
import { validateDefinition } from "@/lib/asl/validate-definition";
import { validateLocalDefinitionSchema } from "@/lib/local-runs/local-run-schema";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async (req) => {
    const { definition } = validateLocalDefinitionSchema.parse(await readJsonBody(req, bodyLimits.interpreter));
    const result = validateDefinition(definition);
    return result.ok
      ? { ok: true, errors: [] }
      : { ok: false, errors: result.errors.map((e) => ({ path: e.path || "/", message: e.message })) };
  },
  { role: "viewer" },
); // checks a definition, changes nothing
