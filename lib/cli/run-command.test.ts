import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCommand } from "./run-command";

const fixtures = path.resolve(__dirname, "../../test/fixtures/asl");

function capture(): { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  return { out: () => out, err: () => err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("stepscope run", () => {
  it("prints the history as get-execution-history does, with mocks of the state machine named after the file (order.asl.json → order)", async () => {
    const io = capture();
    const code = await runCommand([
      path.join(fixtures, "order.asl.json"),
      "--input",
      '{"id":1}',
      "--mock-config",
      path.join(fixtures, "order.mock-config.json"),
      "--test-case",
      "BusyThenCharged",
      "--name",
      "e1",
    ]);
    expect(code).toBe(0);
    const { events } = JSON.parse(io.out()) as { events: { type: string; executionStartedEventDetails?: unknown }[] };
    expect(events.map((e) => e.type)).toContain("LambdaFunctionFailed");
    expect(events.at(-1)?.type).toBe("ExecutionSucceeded");
  });

  it("exits 0 when the execution fails", async () => {
    const io = capture();
    const code = await runCommand([path.join(fixtures, "declined.asl.json")]);
    expect(code).toBe(0);
    const { events } = JSON.parse(io.out()) as { events: { type: string; executionFailedEventDetails?: unknown }[] };
    expect(events.at(-1)).toMatchObject({
      type: "ExecutionFailed",
      executionFailedEventDetails: { error: "PaymentDeclined", cause: "card declined" },
    });
  });

  it("rejects an invalid definition with the path of each fault and a non-zero exit", async () => {
    const io = capture();
    const code = await runCommand([path.join(fixtures, "bad.asl.json")]);
    expect(code).not.toBe(0);
    expect(io.err()).toContain("/States/Charge/Retry/0/BackoffRate");
    expect(io.err()).toContain("/States/Charge/Next");
  });
});

describe("stepscope run --real-time", () => {
  it("runs on the wall clock: a Wait takes its real time", async () => {
    const io = capture();
    const started = Date.now();
    const code = await runCommand([path.join(fixtures, "wait-one-second.asl.json"), "--real-time"]);
    expect(code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const { events } = JSON.parse(io.out()) as { events: { type: string; timestamp: string }[] };
    expect(events.at(-1)?.type).toBe("ExecutionSucceeded");
    expect(Date.parse(events.at(-1)?.timestamp ?? "") - Date.parse(events[0]?.timestamp ?? "")).toBeGreaterThanOrEqual(
      900,
    );
  });
});

describe("stepscope run --s3-dir", () => {
  it("an ItemReader reads its object from <folder>/<bucket>/<key>", async () => {
    const io = capture();
    const code = await runCommand([path.join(fixtures, "item-reader.asl.json"), "--s3-dir", path.join(fixtures, "s3")]);
    expect(code).toBe(0);
    const { events } = JSON.parse(io.out()) as {
      events: { type: string; executionSucceededEventDetails?: { output: string } }[];
    };
    expect(events.at(-1)?.executionSucceededEventDetails?.output).toBe(
      '[{"id":"1","total":"10"},{"id":"2","total":"25"}]',
    );
  });

  it("refuses a folder that does not exist", async () => {
    capture();
    await expect(
      runCommand([path.join(fixtures, "item-reader.asl.json"), "--s3-dir", path.join(fixtures, "no-such-folder")]),
    ).rejects.toThrow("is not a folder");
  });

  it("--aws-behaviour-as-of runs the definition as AWS ran it that day: no RedriveCount in the context before redrive existed", async () => {
    const events = async (...flags: string[]) => {
      const io = capture();
      expect(await runCommand([path.join(fixtures, "redrive-count.asl.json"), ...flags])).toBe(0);
      vi.restoreAllMocks();
      return (JSON.parse(io.out()) as { events: { type: string; [details: string]: unknown }[] }).events;
    };
    const today = await events();
    expect(today.at(-1)?.["executionSucceededEventDetails"]).toMatchObject({ output: '{"redriveCount":0}' });
    const before = await events("--aws-behaviour-as-of", "2023-11-01");
    expect(before.at(-1)?.type).toBe("ExecutionFailed");
    expect(before.at(-1)?.["executionFailedEventDetails"]).toMatchObject({ error: "States.Runtime" });
    const after = await events("--aws-behaviour-as-of", "2023-11-15");
    expect(after.at(-1)?.type).toBe("ExecutionSucceeded");
  });

  it("refuses --aws-behaviour-as-of that is not a day as YYYY-MM-DD", async () => {
    capture();
    for (const day of ["2024-02-30", "yesterday", "2024-1-5"])
      await expect(
        runCommand([path.join(fixtures, "redrive-count.asl.json"), "--aws-behaviour-as-of", day]),
      ).rejects.toThrow("--aws-behaviour-as-of must be a date as YYYY-MM-DD");
  });
});
