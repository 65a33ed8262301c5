import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { S3ObjectSource, S3ObjectSummary } from "@/lib/asl/s3-object-invoker";

/**
 * S3 objects from a local folder: bucket `b`, key `k` is the file `<root>/b/k`. A bucket or
 * key that would lead outside `root` (`..`, absolute paths) is refused with an error naming it.
 */
export function createS3FolderSource(root: string): S3ObjectSource {
  const base = path.resolve(root);
  const inside = (bucket: string, key: string): string => {
    const file = path.resolve(base, bucket, key);
    const bucketDir = path.join(base, bucket);
    const badBucket =
      bucket.length === 0 || bucket === "." || bucket === ".." || bucket.includes("/") || bucket.includes(path.sep);
    if (badBucket || (file !== bucketDir && !file.startsWith(`${bucketDir}${path.sep}`))) {
      throw new Error(`S3 folder ${base}: bucket '${bucket}' / key '${key}' leads outside the folder`);
    }
    return file;
  };
  return {
    async getObject(bucket, key) {
      try {
        // Bytes: the S3 reader decodes them (UTF-8, or gunzipped for an inventory's .csv.gz files).
        return new Uint8Array(await readFile(inside(bucket, key)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "EISDIR")
          return null;
        throw err;
      }
    },
    async listObjects(bucket, prefix) {
      const dir = inside(bucket, "");
      let names: string[];
      try {
        names = (await readdir(dir, { recursive: true })).map(String);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw err;
      }
      const out: S3ObjectSummary[] = [];
      for (const name of names.sort()) {
        const key = name.split(path.sep).join("/");
        if (!key.startsWith(prefix)) continue;
        const info = await stat(path.join(dir, name));
        if (info.isFile()) out.push({ Key: key, Size: info.size, LastModified: info.mtime.toISOString() });
      }
      return out;
    },
  };
}
