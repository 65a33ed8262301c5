import type { TaskInvoker } from "./task-invoker";
import { isJsonObject, type Json } from "./types";

/** An object listed in a bucket, as `ListObjectsV2` describes it. */
export interface S3ObjectSummary {
  readonly Key: string;
  readonly Size: number;
  /** ISO-8601. */
  readonly LastModified: string;
}

/** Where S3 objects come from in a local run: a folder, an in-memory map, … */
export interface S3ObjectSource {
  /** The object's text or bytes, or null when the bucket has no such key. */
  getObject(bucket: string, key: string): Promise<string | Uint8Array | null>;
  /** The bucket's objects whose key starts with `prefix`, in key order. */
  listObjects(bucket: string, prefix: string): Promise<readonly S3ObjectSummary[]>;
}

const GET_OBJECT = /^arn:[^:]+:states:::(?:aws-sdk:)?s3:getObject$/;
const LIST_OBJECTS = /^arn:[^:]+:states:::(?:aws-sdk:)?s3:listObjectsV2$/;

/**
 * A {@link TaskInvoker} answering S3 reads from a {@link S3ObjectSource}: `s3:getObject` with
 * `{Bucket, Key}` → `{Body}` (what a Map's `ItemReader` reads, or a Task's result), and
 * `s3:listObjectsV2` with `{Bucket, Prefix?}` → the objects (an `ItemReader` over a prefix
 * maps over them). A body is UTF-8 text; a gzip-compressed object (an S3 Inventory report's
 * `.csv.gz` data files, which a `MANIFEST` `ItemReader` reads) is given decompressed. A missing key fails with `S3.NoSuchKeyException`; other resources are left
 * to the next invoker (`null`).
 */
export function createS3ObjectInvoker(source: S3ObjectSource): TaskInvoker {
  return {
    async invoke({ resource, payload }) {
      const params = isJsonObject(payload) ? payload : {};
      const bucket = params["Bucket"];
      if (typeof bucket !== "string")
        return GET_OBJECT.test(resource) || LIST_OBJECTS.test(resource) ? missingField("Bucket") : null;
      if (GET_OBJECT.test(resource)) {
        const key = params["Key"];
        if (typeof key !== "string") return missingField("Key");
        const body = await source.getObject(bucket, key);
        if (body === null)
          return {
            type: "failure",
            error: "S3.NoSuchKeyException",
            cause: `The specified key does not exist. (Bucket: ${bucket}, Key: ${key})`,
          };
        return { type: "success", output: { Body: await bodyText(body) } };
      }
      if (LIST_OBJECTS.test(resource)) {
        const prefix = typeof params["Prefix"] === "string" ? params["Prefix"] : "";
        const objects = await source.listObjects(bucket, prefix);
        return {
          type: "success",
          output: objects.map((o): Json => ({ Key: o.Key, Size: o.Size, LastModified: o.LastModified })),
        };
      }
      return null;
    },
  };
}

function missingField(field: string) {
  return { type: "failure" as const, error: "States.Runtime", cause: `The S3 request has no '${field}' string` };
}

/** UTF-8 text of an object's bytes, gunzipped first when they start with gzip's magic number (1f 8b). */
async function bodyText(body: string | Uint8Array): Promise<string> {
  if (typeof body === "string") return body;
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    const stream = new Blob([new Uint8Array(body)]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }
  return new TextDecoder().decode(body);
}
