import "server-only";
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors/app-error";
import { parseMultipartForm, type MultipartForm } from "./parse-multipart-form";
import { readLimitedBody } from "./read-limited-body";

/** One uploaded file: its name and bytes (decoded by the importer, which refuses non-UTF-8). */
export interface Upload {
  readonly fileName: string;
  readonly text: Uint8Array;
  readonly executionArn?: string;
}

/**
 * Reads the files of an import request: `multipart/form-data` with one or more `file`
 * fields (and an optional `executionArn`), or a raw JSON / JSON Lines body (`?name=` names it).
 * Refuses (413), while reading and before parsing, a body over `maxBytes`.
 */
export async function readImportUploads(req: NextRequest, maxBytes: number): Promise<Upload[]> {
  // The whole body, multipart or not, is read with the limit before anything parses it.
  const body = await readLimitedBody(req, maxBytes, "STEPSCOPE_MAX_UPLOAD_MB");
  const type = req.headers.get("content-type") ?? "";
  const uploads: Upload[] = [];
  if (type.startsWith("multipart/form-data")) {
    let form: MultipartForm;
    try {
      form = await parseMultipartForm(new Uint8Array(body), type);
    } catch {
      throw new AppError({ code: "bad_request", message: "The upload is not valid multipart/form-data" });
    }
    const arn = form.fields.find((f) => f.field === "executionArn")?.value;
    for (const file of form.files) {
      if (file.field !== "file") continue;
      uploads.push({
        fileName: file.fileName || "upload.json",
        text: file.bytes,
        ...(arn ? { executionArn: arn } : {}),
      });
    }
  } else {
    const arn = req.nextUrl.searchParams.get("executionArn");
    uploads.push({
      fileName: req.nextUrl.searchParams.get("name") || "upload.json",
      text: new Uint8Array(body),
      ...(arn ? { executionArn: arn } : {}),
    });
  }
  if (!uploads.length)
    throw new AppError({
      code: "bad_request",
      message: "No file in the upload (send multipart `file` fields or a JSON body)",
    });
  return uploads;
}
