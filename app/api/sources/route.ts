// GET /api/sources — AWS sources with sync state; POST /api/sources — add an AWS source
import { AppError } from "@/lib/api/errors";
import { withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { createAwsSource, listAwsSourceStatus, newAwsSourceSchema } from "@/lib/ingest/sync-source-admin";

export const dynamic = "force-dynamic";

export const GET = withRoute(async () => ({ sources: await listAwsSourceStatus((await getDb()).pool) }));

export const POST = withRoute(async (req) => {
  const input = newAwsSourceSchema.parse(await req.json());
  const created = await createAwsSource((await getDb()).pool, input);
  if (!created) throw new AppError({ code: "conflict", message: `A source named '${input.name}' exists already` });
  return created;
}, { role: "admin" });
