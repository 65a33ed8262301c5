import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { expressLogLines, toExpressLogRecords, type LogLevel } from "@/lib/asl/express/express-log-records";
import type { AslHistoryEvent } from "@/lib/asl/types";
import { testCommand } from "./test-command";

// The checkout state machine and an execution of it recorded by the interpreter (see the folder's README).
const dir = path.resolve(__dirname, "../../test/fixtures/regression");
const definition = path.join(dir, "checkout.asl.json");
const arn = "arn:aws:states:us-east-1:123456789012:express:checkout:order-small:6d1f4c0e-8a2b-4c3d-9e8f-0a1b2c3d4e5f";

let tmp: string;
const recorded = new Map<string, AslHistoryEvent[]>();

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "stepscope-express-logs-"));
  for (const name of ["order-small", "order-declined"]) {
    const text = await readFile(path.join(dir, "recorded", `${name}.json`), "utf8");
    recorded.set(name, (JSON.parse(text) as { events: AslHistoryEvent[] }).events);
  }
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The recording as an Express workflow's CloudWatch Logs would hold it at `level`. */
async function logFile(level: LogLevel, includeExecutionData: boolean, name = "order-small"): Promise<string> {
  const file = path.join(tmp, `${name}-${level}-${includeExecutionData}.jsonl`);
  const events = recorded.get(name) ?? [];
  const executionArn = arn.replace(":order-small:", `:${name}:`);
  await writeFile(file, expressLogLines(toExpressLogRecords(executionArn, events, { level, includeExecutionData })));
  return file;
}

function capture(): { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  return { out: () => out, err: () => err };
}

describe("stepscope test <definition> <Express log records>", () => {
  it("replays an Express execution from its log records at level ALL with execution data", async () => {
    const io = capture();
    expect(await testCommand([definition, await logFile("ALL", true)])).toBe(0);
    expect(io.out().trim()).toBe("unchanged  order-small  SUCCEEDED, 5 states: same path, outcomes and output");
  });

  it("says plainly what is missing without execution data, and at ERROR", async () => {
    const noData = capture();
    await testCommand([definition, await logFile("ALL", false)]);
    expect(noData.out()).toContain(
      "ExecutionStarted (event 1) has no input: the logging configuration's includeExecutionData was false",
    );
    expect(noData.out()).toMatch(/Task results? ha(s|ve) no output/);
    vi.restoreAllMocks();

    const error = capture();
    await testCommand([definition, await logFile("ERROR", true, "order-declined")]);
    expect(error.out()).toMatch(
      /the log holds \d+ of the execution's \d+ events, not its ExecutionStarted: its log level \(ERROR or FATAL\) kept only failures/,
    );
  });
});
