import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, db, work, stepscope, counts, storedEvents, arnOf, successEvents, useCliWorld } from "./cli-world";

// `stepscope import`: what it stores, prints and exits with, for good, repeated, bad and mixed files.

useCliWorld();

describe("stepscope import", () => {
  it("stores a get-execution-history file, prints `stored <arn>` and exits 0", async () => {
    const file = fixture("success.json");
    const arn = await arnOf(file);
    const run = await stepscope("import", file);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`stored ${arn} (SUCCEEDED, 11 events) from ${file}\n`);
    expect(await storedEvents(arn)).toBe(11);
  });

  it("exits 0 and says `already stored` when the same file comes again, changing nothing", async () => {
    const file = fixture("success.json");
    const arn = await arnOf(file);
    const before = await counts();
    const run = await stepscope("import", file);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`already stored ${arn} from ${file}\n`);
    expect(await counts()).toEqual(before);
  });

  const malformed: readonly (readonly [
    what: string,
    name: string,
    text: () => Promise<string> | string,
    place: string,
  ])[] = [
    [
      "a file that is not JSON",
      "bad-json.json",
      () => '{"events": [\n  {"id": 1,, "type": "ExecutionStarted"}\n]}\n',
      ": line 2, column 12: not valid JSON",
    ],
    [
      "an event whose id repeats an earlier one",
      "duplicate-id.json",
      async () => {
        const events = await successEvents();
        events[3] = { ...events[3], id: 3 };
        return JSON.stringify({ events });
      },
      ": event 3 (/events/3/id): duplicate event id 3",
    ],
    [
      "a previousEventId that points at no earlier event",
      "dangling-previous.json",
      async () => {
        const events = await successEvents();
        events[5] = { ...events[5], previousEventId: 99 };
        return JSON.stringify({ events });
      },
      ": event 6 (/events/5/previousEventId): previousEventId 99 is not the id of an earlier event",
    ],
    ["an empty file", "empty.json", () => "", ": empty file"],
  ];

  it.each(malformed)(
    "refuses %s with exit 1, naming the file and the place, and stores nothing",
    async (_what, name, text, place) => {
      const file = path.join(work, name);
      await writeFile(file, await text());
      const before = await counts();
      const run = await stepscope("import", file);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`refused ${file}${place}`);
      expect(await counts()).toEqual(before);
    },
  );

  it("refuses a file that does not exist with exit 1 and its name", async () => {
    const file = path.join(work, "no-such-history.json");
    const before = await counts();
    const run = await stepscope("import", file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`refused ${file}: no such file`);
    expect(await counts()).toEqual(before);
  });

  it("stores the good files and exits 1 when one of several is refused", async () => {
    const bad = path.join(work, "mixed-bad.json");
    await writeFile(bad, '{"events": []}');
    const good = [fixture("timeout.json"), fixture("parallel-failure.json")];
    const arns = await Promise.all(good.map(arnOf));
    const run = await stepscope("import", good[0] ?? "", bad, good[1] ?? "");
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^stored ${arns[0]} \\(TIMED_OUT, 5 events\\)`)),
      expect.stringMatching(new RegExp(`^stored ${arns[1]} \\(FAILED, 15 events\\)`)),
    ]);
    expect(run.stderr).toContain(`refused ${bad}: (/events): no events`);
    expect(await storedEvents(arns[0] ?? "")).toBe(5);
    expect(await storedEvents(arns[1] ?? "")).toBe(15);
  });

  it("stores one execution per execution_arn of Express JSON Lines", async () => {
    const file = fixture("express.jsonl");
    const text = await readFile(file, "utf8");
    const records = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { execution_arn: string });
    const perArn = new Map<string, number>();
    for (const r of records) perArn.set(r.execution_arn, (perArn.get(r.execution_arn) ?? 0) + 1);
    expect(perArn.size).toBe(2);

    const run = await stepscope("import", file);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n").sort()).toEqual(
      [...perArn].map(([arn, n]) =>
        expect.stringMatching(new RegExp(`^stored ${arn} \\((SUCCEEDED|FAILED), ${n} events\\)`)),
      ),
    );
    const { rows } = await db.pool.query<{ execution_arn: string; event_count: number; type: string }>(
      "SELECT execution_arn, event_count, type::text AS type FROM executions WHERE execution_arn = ANY($1) ORDER BY execution_arn",
      [[...perArn.keys()]],
    );
    expect(rows).toEqual(
      [...perArn]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([arn, n]) => ({ execution_arn: arn, event_count: n, type: "EXPRESS" })),
    );
  });
});
