import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createS3FolderSource } from "./s3-folder-source";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "s3-folder-"));
  await mkdir(path.join(root, "bucket", "in"), { recursive: true });
  await writeFile(path.join(root, "bucket", "in", "a.json"), "[1]");
  await writeFile(path.join(root, "bucket", "top.csv"), "x\n");
  await writeFile(path.join(root, "secret.txt"), "no");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("createS3FolderSource", () => {
  it("reads <root>/<bucket>/<key>, null when there is no such key", async () => {
    const source = createS3FolderSource(root);
    await expect(
      source.getObject("bucket", "in/a.json").then((b) => new TextDecoder().decode(b as Uint8Array)),
    ).resolves.toBe("[1]");
    await expect(source.getObject("bucket", "in/none.json")).resolves.toBeNull();
  });

  it("lists a bucket's files under a prefix with S3-style keys", async () => {
    const listed = await createS3FolderSource(root).listObjects("bucket", "in/");
    expect(listed.map((o) => [o.Key, o.Size])).toEqual([["in/a.json", 3]]);
    expect((await createS3FolderSource(root).listObjects("bucket", "")).map((o) => o.Key)).toEqual([
      "in/a.json",
      "top.csv",
    ]);
  });

  it("refuses a bucket or key leading outside the folder", async () => {
    const source = createS3FolderSource(root);
    await expect(source.getObject("bucket", "../secret.txt")).rejects.toThrow("leads outside the folder");
    await expect(source.getObject("..", "secret.txt")).rejects.toThrow("leads outside the folder");
  });
});
