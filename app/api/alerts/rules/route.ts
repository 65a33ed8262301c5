// POST /api/alerts/rules — add a rule (admin; the rules file's entry format, secrets as {"env": NAME})
import { withRoute } from "@/lib/api/with-route";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";
import { ruleFromRequest, withRuleNameCheck } from "@/lib/alerts/rule-from-request";
import { getDb } from "@/lib/db/client";
import { createAlertRule } from "@/lib/store/alert-rule-rows";

export const dynamic = "force-dynamic";

export const POST = withRoute(async (req, { actor }) => {
  const rule = ruleFromRequest(await readJsonBody(req, bodyLimits.form));
  const db = await getDb();
  return { id: await withRuleNameCheck(() => createAlertRule(db.pool, actor, rule)) };
});
