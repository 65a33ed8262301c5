// GET /api/retention — the retention policy and each source's share of the store; PUT — replace the policy (admins; audited)
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/in-transaction";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";
import { getRetentionUsage } from "@/lib/queries/get-retention-usage";
import { recordAudit } from "@/lib/store/record-audit";
import { retentionPolicyRow } from "@/lib/store/retention-policy-row";
import { retentionPolicySchema } from "@/lib/retention/retention-policy";

export const dynamic = "force-dynamic";

export const GET = withRoute(async () => getRetentionUsage(await getDb()));

export const PUT = withRoute(
  async (req, { actor }) => {
    const policy = retentionPolicySchema.parse(await readJsonBody(req, bodyLimits.form));
    return withTransaction((await getDb()).pool, async (client) => {
      const before = await retentionPolicyRow.read(client);
      await retentionPolicyRow.save(client, policy);
      await recordAudit(client, actor, {
        action: "retention.update",
        targetType: "retention",
        targetId: null,
        details: { before, after: policy },
        outcome: "OK",
      });
      return { policy };
    });
  },
  { role: "admin" },
);
