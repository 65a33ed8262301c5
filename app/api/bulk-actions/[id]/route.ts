// GET /api/bulk-actions/:id — a bulk action's progress: counts by item state and every item
import { z } from "zod";
import { getBulkAction } from "@/lib/actions/bulk/get-bulk-action";
import { withRoute } from "@/lib/api/with-route";
import { readDb } from "@/lib/api/read-your-writes";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, "not a bulk action id") });

export const GET = withRoute<{ id: string }>(async (_req, { params }) =>
  getBulkAction(await readDb(), BigInt(paramsSchema.parse(params).id)),
);
