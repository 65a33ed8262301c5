// GET /api/executions — list executions (filters, sort and paging as the page's URL has them)
import { withRoute } from "@/lib/api/with-route";
import { parseExecutionListParams } from "@/lib/queries/execution-list-params";
import { listExecutions } from "@/lib/queries/list-executions";
import { readDb } from "@/lib/api/read-your-writes";
import { cachedRead } from "@/lib/queries/cached-read";

export const dynamic = "force-dynamic";

export const GET = withRoute(async (req) => {
  const db = await readDb();
  const params = parseExecutionListParams(req.nextUrl.searchParams);
  return cachedRead(db, ["executions", params], () => listExecutions(db.prisma, params));
});
