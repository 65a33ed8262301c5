import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CliUsageError } from "./cli-usage-error";
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

const order = [
  path.join(fixtures, "order.asl.json"),
  "--mock-config",
  path.join(fixtures, "order.mock-config.json"),
  "--test-case",
  "BusyThenCharged",
  "--name",
  "e1",
];

describe("stepscope run --type EXPRESS", () => {
  it("times out the one-day Wait at 5 minutes, as AWS's Express executions do", async () => {
    const io = capture();
    expect(await runCommand([...order, "--type", "EXPRESS"])).toBe(0);
    const { events } = JSON.parse(io.out()) as { events: { type: string; timestamp: string }[] };
    expect(events.at(-1)).toMatchObject({
      type: "ExecutionTimedOut",
      executionTimedOutEventDetails: { error: "States.Timeout" },
    });
    expect(Date.parse(events.at(-1)!.timestamp) - Date.parse(events[0]!.timestamp)).toBe(300_000);
  });

  it("leaves a run without --type as it was (Standard: the Wait ends, the execution succeeds)", async () => {
    const io = capture();
    expect(await runCommand(order)).toBe(0);
    const { events } = JSON.parse(io.out()) as { events: { type: string }[] };
    expect(events.at(-1)?.type).toBe("ExecutionSucceeded");
  });

  it("prints the log records of each level, with the Express ARN", async () => {
    const io = capture();
    expect(await runCommand([...order, "--type", "EXPRESS", "--log-level", "ERROR"])).toBe(0);
    const records = io
      .out()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; execution_arn: string; details: Record<string, unknown> });
    // BusyThenCharged: the first charge fails (Busy), is retried, succeeds; the Wait times out.
    expect(records.map((r) => r.type)).toEqual(["LambdaFunctionFailed", "ExecutionTimedOut"]);
    expect(records[0]?.execution_arn).toMatch(/^arn:aws:states:us-east-1:111111111111:express:order:e1:[0-9a-f-]{36}$/);

    const all = capture();
    expect(await runCommand([...order, "--type", "EXPRESS", "--log-level", "ALL", "--no-execution-data"])).toBe(0);
    const started = JSON.parse(all.out().split("\n")[0] ?? "") as { type: string; details: Record<string, unknown> };
    expect(started.type).toBe("ExecutionStarted");
    expect(started.details).not.toHaveProperty("input");
    expect(started.details).toHaveProperty("roleArn");
  });

  it("refuses a .waitForTaskToken Task with AWS's message and its path (exit 2); Standard runs it", async () => {
    const io = capture();
    const file = path.join(fixtures, "express-ask.asl.json");
    expect(await runCommand([file, "--type", "EXPRESS"])).toBe(2);
    expect(io.err()).toContain(
      "/States/Ask/Resource: Express state machine does not support '.waitForTaskToken' service integration",
    );
    expect(await runCommand([file])).toBe(0);
  });

  it("refuses an unknown --type or --log-level, and --no-execution-data alone", async () => {
    const file = path.join(fixtures, "declined.asl.json");
    await expect(runCommand([file, "--type", "express"])).rejects.toThrow(CliUsageError);
    await expect(runCommand([file, "--log-level", "DEBUG"])).rejects.toThrow(
      /--log-level must be ALL, ERROR, FATAL or OFF/,
    );
    await expect(runCommand([file, "--no-execution-data"])).rejects.toThrow(/needs --log-level/);
  });
});
