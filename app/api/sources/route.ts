// GET /api/sources — AWS sources with sync state; POST /api/sources — add an AWS source
import { AppError } from "@/lib/errors/app-error";
import { withRoute } from "@/lib/api/with-route";
import { hasRole } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/store/record-audit";
import { getDb } from "@/lib/db/client";
import { readDb } from "@/lib/api/read-your-writes";
import { withTransaction } from "@/lib/db/in-transaction";
import { newAwsSourceSchema } from "@/lib/ingest/sync-source-admin";
import { listAwsSourceStatus } from "@/lib/queries/list-sources";
import { createAwsSource } from "@/lib/store/create-aws-source";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

// The role's external id only for admins (who edit it).
export const GET = withRoute(async (_req, { actor }) => ({
  sources: await listAwsSourceStatus(await readDb(), { withExternalId: hasRole(actor.role, "admin") }),
}));

export const POST = withRoute(
  async (req, { actor }) => {
    const input = newAwsSourceSchema.parse(await readJsonBody(req, bodyLimits.form));
    return withTransaction((await getDb()).pool, async (client) => {
      const created = await createAwsSource(client, input);
      if (!created) throw new AppError({ code: "conflict", message: `A source named '${input.name}' exists already` });
      await recordAudit(client, actor, {
        action: "source.create",
        targetType: "source",
        targetId: String(created.id),
        details: input,
        outcome: "OK",
      });
      return created;
    });
  },
  { role: "admin" },
);
