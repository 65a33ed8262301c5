// POST /api/import — store uploaded histories (multipart `file` fields, or one JSON / JSON Lines body)
import { withRoute } from "@/lib/api/with-route";
import { readImportUploads } from "@/lib/api/read-import-uploads";
import { importUploads } from "@/lib/ingest/import-uploads";
import { requestAlertEvaluation } from "@/lib/alerts/alert-trigger";
import { getDb } from "@/lib/db/client";
import { getServerConfig } from "@/lib/server/config";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async (req, { actor }) => {
    const uploads = await readImportUploads(req, getServerConfig().maxUploadBytes);
    const result = await importUploads(await getDb(), uploads, { actor, source: { kind: "UPLOAD", name: "upload" } });
    requestAlertEvaluation();
    return result;
  },
  { role: "operator" },
);
