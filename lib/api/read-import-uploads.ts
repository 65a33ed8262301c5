import "server-only";
import type { NextRequest } from "next/server";
import { AppError } from "./errors";

/** One uploaded file: its name and text. */
export interface Upload {
  readonly fileName: string;
  readonly text: string;
  readonly executionArn?: string;
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * Reads the files of an import request: `multipart/form-data` with one or more `file`
 * fields (and an optional `executionArn`), or a raw JSON / JSON Lines body (`?name=` names it).
 * Refuses, before parsing, anything over `maxBytes` and empty files.
 */
export async function readImportUploads(req: NextRequest, maxBytes: number): Promise<Upload[]> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    throw new AppError({ code: "payload_too_large", message: `The upload is ${mib(declared)}; the limit is ${mib(maxBytes)} (STEPSCOPE_MAX_UPLOAD_MB)` });
  }
  const type = req.headers.get("content-type") ?? "";
  const uploads: Upload[] = [];
  if (type.startsWith("multipart/form-data")) {
    const form = await req.formData();
    const arn = form.get("executionArn");
    for (const value of form.getAll("file")) {
      if (typeof value === "string") continue;
      if (value.size > maxBytes) {
        throw new AppError({ code: "payload_too_large", message: `${value.name}: ${mib(value.size)} is over the ${mib(maxBytes)} limit (STEPSCOPE_MAX_UPLOAD_MB)` });
      }
      uploads.push({ fileName: value.name || "upload.json", text: await value.text(), ...(typeof arn === "string" && arn ? { executionArn: arn } : {}) });
    }
  } else {
    const text = await req.text();
    if (Buffer.byteLength(text) > maxBytes) {
      throw new AppError({ code: "payload_too_large", message: `The upload is over the ${mib(maxBytes)} limit (STEPSCOPE_MAX_UPLOAD_MB)` });
    }
    const arn = req.nextUrl.searchParams.get("executionArn");
    uploads.push({ fileName: req.nextUrl.searchParams.get("name") || "upload.json", text, ...(arn ? { executionArn: arn } : {}) });
  }
  if (!uploads.length) throw new AppError({ code: "bad_request", message: "No file in the upload (send multipart `file` fields or a JSON body)" });
  return uploads;
}
