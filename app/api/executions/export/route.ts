// GET /api/executions/export — the list's executions (its filters, q and sort) as CSV (default) or JSON Lines (format=jsonl), streamed
import { z } from "zod";
import { withRoute } from "@/lib/api/with-route";
import { readDb } from "@/lib/api/read-your-writes";
import { executionExportFormats, executionExportTypes, exportExecutions } from "@/lib/queries/execution-export";
import { parseExecutionListParams } from "@/lib/queries/execution-list-params";
import { toByteStream } from "@/lib/api/to-byte-stream";

export const dynamic = "force-dynamic";

const formatSchema = z.object({ format: z.enum(executionExportFormats).default("csv") });

export const GET = withRoute(async (req) => {
  const search = new URLSearchParams(req.nextUrl.searchParams);
  const { format } = formatSchema.parse({ format: search.get("format") ?? undefined });
  search.delete("format");
  const params = parseExecutionListParams(search);
  const db = await readDb();
  // The query is compiled here: a wrong one is a 422 before the first byte.
  const chunks = exportExecutions(db.prisma, params, format);
  const { contentType, extension } = executionExportTypes[format];
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(toByteStream(chunks), {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="executions-${stamp}.${extension}"`,
      "Cache-Control": "no-store",
    },
  });
});
