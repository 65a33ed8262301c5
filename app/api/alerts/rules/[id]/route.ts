// PUT /api/alerts/rules/:id — edit a page-made rule; DELETE — remove it with its incidents (admin; 409 for a rules-file rule)
import { z } from "zod";
import { withRoute } from "@/lib/api/with-route";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";
import { ruleFromRequest, withRuleNameCheck } from "@/lib/alerts/rule-from-request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { deleteAlertRule, editAlertRule } from "@/lib/store/alert-rule-rows";

export const dynamic = "force-dynamic";

const idOf = (params: { id?: string | string[] }) => z.coerce.number().int().positive().parse(params.id);
const notFound = () => new AppError({ code: "not_found", message: "no such alert rule" });

export const PUT = withRoute<{ id: string }>(async (req, { actor, params }) => {
  const rule = ruleFromRequest(await readJsonBody(req, bodyLimits.form));
  const db = await getDb();
  const outcome = await withRuleNameCheck(() => editAlertRule(db.pool, actor, idOf(params), rule));
  if (outcome === "missing") throw notFound();
  return { outcome };
});

export const DELETE = withRoute<{ id: string }>(async (_req, { actor, params }) => {
  const db = await getDb();
  if (!(await withRuleNameCheck(() => deleteAlertRule(db.pool, actor, idOf(params))))) throw notFound();
  return { deleted: true };
});
