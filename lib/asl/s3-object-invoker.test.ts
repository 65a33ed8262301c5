import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { createS3ObjectInvoker, type S3ObjectSource } from "./s3-object-invoker";
import { createSeededRandom } from "./seeded-random";
import type { StateMachineDefinition } from "./types";

/** An S3 Inventory report as S3 writes it: a manifest, and gzip-compressed CSV data files without a header row. */
const inventoryManifest = (fileFormat: string, keys: readonly string[]) =>
  JSON.stringify({
    sourceBucket: "src",
    destinationBucket: "arn:aws:s3:::inv",
    version: "2016-11-30",
    creationTimestamp: "1704330000000",
    fileFormat,
    fileSchema: "Bucket, Key, Size, LastModifiedDate",
    files: keys.map((key) => ({ key, size: 100, MD5checksum: "0" })),
  });

const objects: Record<string, string | Uint8Array> = {
  "inv/src/cfg/data/a.csv.gz": gzipSync(
    '"src","photos/a.jpg","120","2024-01-01T00:00:00.000Z"\r\n"src","photos/b, c.jpg","7","2024-01-02T00:00:00.000Z"\n',
  ),
  "inv/src/cfg/data/b.csv.gz": gzipSync('"src","docs/d.txt","3","2024-01-03T00:00:00.000Z"\n'),
  "inv/src/cfg/manifest.json": inventoryManifest("CSV", ["src/cfg/data/a.csv.gz", "src/cfg/data/b.csv.gz"]),
  "inv/src/cfg/orc-manifest.json": inventoryManifest("ORC", ["src/cfg/data/a.orc"]),
  "inv/src/cfg/gone-manifest.json": inventoryManifest("CSV", ["src/cfg/data/a.csv.gz", "src/cfg/data/gone.csv.gz"]),
  "b/rows.csv": "id,name\n1,a\n2,b\n",
  "b/items.json": '[{"n":1},{"n":2},{"n":3}]',
  "b/lines.jsonl": '{"n":1}\n\n{"n":2}\n',
  "b/broken.jsonl": '{"n":1}\n\n{n\n',
};
const source: S3ObjectSource = {
  getObject: (bucket, key) => Promise.resolve(objects[`${bucket}/${key}`] ?? null),
  listObjects: (bucket, prefix) =>
    Promise.resolve(
      Object.keys(objects)
        .filter((k) => k.startsWith(`${bucket}/${prefix}`))
        .sort()
        .map((k) => ({
          Key: k.slice(bucket.length + 1),
          Size: (objects[k] ?? "").length,
          LastModified: "2024-01-01T00:00:00.000Z",
        })),
    ),
};

const distributed = (reader: Record<string, unknown>): StateMachineDefinition => ({
  StartAt: "Each",
  States: {
    Each: {
      Type: "Map",
      ItemReader: reader,
      ItemProcessor: {
        ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
        StartAt: "P",
        States: { P: { Type: "Pass", End: true } },
      },
      End: true,
    } as StateMachineDefinition["States"][string],
  },
});

const run = (definition: StateMachineDefinition) =>
  executeStateMachine({
    definition,
    input: "{}",
    stateMachineName: "sm",
    executionName: "ex",
    clock: createVirtualClock(0),
    invoker: createS3ObjectInvoker(source),
    random: createSeededRandom(1),
  });

describe("createS3ObjectInvoker", () => {
  it("an ItemReader maps over a CSV object's rows", async () => {
    const result = await run(
      distributed({
        Resource: "arn:aws:states:::s3:getObject",
        ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW" },
        Parameters: { Bucket: "b", Key: "rows.csv" },
      }),
    );
    expect(result.output).toBe('[{"id":"1","name":"a"},{"id":"2","name":"b"}]');
  });

  it("an ItemReader maps over a JSON array object, up to MaxItems", async () => {
    const result = await run(
      distributed({
        Resource: "arn:aws:states:::s3:getObject",
        ReaderConfig: { InputType: "JSON", MaxItems: 2 },
        Parameters: { Bucket: "b", Key: "items.json" },
      }),
    );
    expect(result.output).toBe('[{"n":1},{"n":2}]');
  });

  it("an ItemReader reads JSONL one value a line, and names the line of malformed JSON", async () => {
    const jsonl = (key: string) =>
      run(
        distributed({
          Resource: "arn:aws:states:::s3:getObject",
          ReaderConfig: { InputType: "JSONL" },
          Parameters: { Bucket: "b", Key: key },
        }),
      );
    expect((await jsonl("lines.jsonl")).output).toBe('[{"n":1},{"n":2}]');
    const broken = await jsonl("broken.jsonl");
    expect(broken.error).toBe("States.ItemReaderFailed");
    expect(broken.cause).toContain("line 3 of the JSONL object is not valid JSON");
  });

  it("an ItemReader over an S3 Inventory manifest maps over every row of its gzip CSV files, named by fileSchema", async () => {
    const manifest = (key: string, maxItems?: number) =>
      run(
        distributed({
          Resource: "arn:aws:states:::s3:getObject",
          ReaderConfig: { InputType: "MANIFEST", ...(maxItems === undefined ? {} : { MaxItems: maxItems }) },
          Parameters: { Bucket: "inv", Key: key },
        }),
      );
    const all = await manifest("src/cfg/manifest.json");
    expect(all.status).toBe("SUCCEEDED");
    expect(JSON.parse(all.output ?? "null")).toEqual([
      { Bucket: "src", Key: "photos/a.jpg", Size: "120", LastModifiedDate: "2024-01-01T00:00:00.000Z" },
      { Bucket: "src", Key: "photos/b, c.jpg", Size: "7", LastModifiedDate: "2024-01-02T00:00:00.000Z" },
      { Bucket: "src", Key: "docs/d.txt", Size: "3", LastModifiedDate: "2024-01-03T00:00:00.000Z" },
    ]);
    expect(JSON.parse((await manifest("src/cfg/manifest.json", 2)).output ?? "null")).toHaveLength(2);
    const orc = await manifest("src/cfg/orc-manifest.json");
    expect([orc.error, orc.cause]).toEqual([
      "States.ItemReaderFailed",
      'The S3 inventory manifest\'s fileFormat is "ORC": only CSV inventories can be read',
    ]);
    // As AWS records a reader's failure: inside the Map Run, with the reader's own cause.
    expect(orc.events.map((e) => e.type).slice(2)).toEqual([
      "MapStateStarted",
      "MapRunStarted",
      "MapRunFailed",
      "MapStateFailed",
      "ExecutionFailed",
    ]);
    const gone = await manifest("src/cfg/gone-manifest.json");
    expect([gone.error, gone.cause]).toEqual([
      "S3.NoSuchKeyException",
      "The specified key does not exist. (Bucket: inv, Key: src/cfg/data/gone.csv.gz)",
    ]);
  });

  it("an ItemReader over listObjectsV2 maps over the objects under a prefix", async () => {
    const result = await run(
      distributed({ Resource: "arn:aws:states:::s3:listObjectsV2", Parameters: { Bucket: "b", Prefix: "items" } }),
    );
    expect(JSON.parse(result.output ?? "null")).toEqual([
      { Key: "items.json", Size: 25, LastModified: "2024-01-01T00:00:00.000Z" },
    ]);
  });

  it("a missing key fails the Map with S3's error; other resources are left to the next invoker", async () => {
    const result = await run(
      distributed({ Resource: "arn:aws:states:::s3:getObject", Parameters: { Bucket: "b", Key: "nope.json" } }),
    );
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("S3.NoSuchKeyException");
    await expect(
      createS3ObjectInvoker(source).invoke({
        stateName: "T",
        resource: "arn:aws:states:::sqs:sendMessage",
        payload: {},
        retryCount: 0,
      }),
    ).resolves.toBeNull();
  });
});
