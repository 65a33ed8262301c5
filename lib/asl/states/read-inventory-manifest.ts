import { csvItems } from "../parse-csv";
import { StatesError } from "../states-error";
import { isJsonObject, type Json } from "../types";

/** Reads one S3 object's text (through the task invoker, as the `ItemReader`'s own `s3:getObject`). */
export type ReadS3Text = (bucket: string, key: string) => Promise<string>;

const fail = (cause: string): never => {
  throw new StatesError("States.ItemReaderFailed", cause);
};

/**
 * `ItemReader` with `ReaderConfig.InputType` `MANIFEST`: an Amazon S3 Inventory report's
 * `manifest.json` (`sourceBucket`, `destinationBucket` as `arn:aws:s3:::<bucket>`, `fileFormat`,
 * `fileSchema` such as `"Bucket, Key, Size, LastModifiedDate"`, `files: [{key, size, MD5checksum}]`).
 * Each data file (in the destination bucket, CSV, gzip-compressed: the S3 reader gives its text)
 * has no header row: its columns are named by `fileSchema`, and each row becomes one item,
 * `{"Bucket": …, "Key": …, "Size": …, …}`, values as the CSV gives them (strings), files in the
 * manifest's order. Only the `CSV` format is read (AWS reads neither ORC nor Parquet inventories);
 * anything else, or a malformed manifest, fails the Map with `States.ItemReaderFailed` naming what.
 * `maxItems` (0: no limit) stops reading files once enough items are read.
 */
export async function readInventoryManifest(manifestText: Json, read: ReadS3Text, maxItems: number): Promise<Json[]> {
  if (typeof manifestText !== "string") return fail("The S3 inventory manifest is not text");
  let manifest: Json;
  try {
    manifest = JSON.parse(manifestText) as Json;
  } catch (err) {
    return fail(`The S3 inventory manifest is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isJsonObject(manifest)) return fail("The S3 inventory manifest is not a JSON object");
  const format = manifest["fileFormat"];
  if (format !== "CSV")
    fail(
      `The S3 inventory manifest's fileFormat is ${JSON.stringify(format ?? null)}: only CSV inventories can be read`,
    );
  const schema = manifest["fileSchema"];
  if (typeof schema !== "string" || schema.trim() === "")
    fail("The S3 inventory manifest has no fileSchema (the names of the CSV columns)");
  const columns = (schema as string).split(",").map((c) => c.trim());
  const destination = manifest["destinationBucket"];
  const bucket = typeof destination === "string" ? /^arn:[^:]+:s3:::([^/]+)$/.exec(destination)?.[1] : undefined;
  if (bucket === undefined)
    fail(
      `The S3 inventory manifest's destinationBucket ${JSON.stringify(destination ?? null)} is not an S3 bucket ARN`,
    );
  const files = manifest["files"];
  if (!Array.isArray(files)) return fail("The S3 inventory manifest has no files list");
  const items: Json[] = [];
  for (const [index, file] of files.entries()) {
    if (maxItems > 0 && items.length >= maxItems) break;
    const key = isJsonObject(file) ? file["key"] : undefined;
    if (typeof key !== "string") fail(`The S3 inventory manifest's files[${index}] has no key`);
    const text = await read(bucket as string, key as string);
    for (const row of csvItems(text, columns)) items.push(row);
  }
  return maxItems > 0 ? items.slice(0, maxItems) : items;
}
