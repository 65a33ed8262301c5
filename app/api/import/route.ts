// POST /api/import — store uploaded histories (multipart `file` fields, or one JSON / JSON Lines body)
import { withRoute } from "@/lib/api/with-route";
import { readImportUploads } from "@/lib/api/read-import-uploads";
import { importUploads } from "@/lib/ingest/import-uploads";
import { getDb } from "@/lib/db/client";
import { getServerConfig } from "@/lib/server/config";

export const dynamic = "force-dynamic";

export const POST = withRoute(async (req) => {
  const uploads = await readImportUploads(req, getServerConfig().maxUploadBytes);
  return importUploads(await getDb(), uploads, { actor: "web", source: { kind: "UPLOAD", name: "upload" } });
});
