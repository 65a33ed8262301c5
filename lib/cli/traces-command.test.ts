import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { startOtlpReceiver } from "@/test/otlp/otlp-receiver";

const run = promisify(execFile);
const repo = path.resolve(__dirname, "../..");
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const source = { kind: "UPLOAD" as const, name: "traces-cli" };
  for (const [name, startDate] of [
    ["old-1", "2026-01-01T00:00:00.000Z"],
    ["new-1", "2026-06-01T00:00:00.000Z"],
    ["new-2", "2026-06-02T00:00:00.000Z"],
  ] as const) {
    const { parsed } = buildExecutionHistory({ name, tasks: 2, startDate, stateMachineName: "TracesCli" });
    await importHistoryText(db, JSON.stringify({ events: parsed.events }), {
      fileName: `${name}.json`,
      executionArn: parsed.identity.executionArn,
      source,
    });
  }
});
afterAll(async () => {
  await db.drop();
});

const cli = (args: string[]) =>
  run(process.execPath, [path.join(repo, "bin/stepscope.mjs"), ...args], {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: db.url, STEPSCOPE_OTLP_ENDPOINT: "" },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe("stepscope traces export", () => {
  it("sends the executions that started since a date and says how many", { timeout: 120_000 }, async () => {
    const receiver = await startOtlpReceiver();
    try {
      const out = await cli(["traces", "export", "--since", "2026-05-01", "--endpoint", receiver.url]);
      expect(out.stderr).toBe("");
      expect(out.code).toBe(0);
      const roots = receiver.spans.filter((s) => s.parentSpanId === "");
      expect(roots.map((s) => s.attributes["stepfunctions.execution.name"]).sort()).toEqual(["new-1", "new-2"]);
      expect(out.stdout).toBe(`2 executions sent as ${receiver.spans.length} spans to ${receiver.url}\n`);
    } finally {
      await receiver.close();
    }
  });

  it(
    "sends OTLP/JSON with --protocol http/json, and refuses a protocol it does not send by name",
    { timeout: 120_000 },
    async () => {
      const receiver = await startOtlpReceiver();
      try {
        const out = await cli([
          "traces",
          "export",
          "--since",
          "2026-05-01",
          "--endpoint",
          receiver.url,
          "--protocol",
          "http/json",
        ]);
        expect(out.stderr).toBe("");
        expect(out.code).toBe(0);
        expect(receiver.contentTypes().length).toBeGreaterThan(0);
        expect(receiver.contentTypes().every((type) => type.startsWith("application/json"))).toBe(true);
        expect(receiver.spans.filter((s) => s.parentSpanId === "")).toHaveLength(2);
        const grpc = await cli(["traces", "export", "--endpoint", receiver.url, "--protocol", "grpc"]);
        expect(grpc.code).toBe(2);
        expect(grpc.stderr).toContain(
          '--protocol: "grpc" is not an OTLP protocol Stepscope sends (http/protobuf or http/json)',
        );
      } finally {
        await receiver.close();
      }
    },
  );

  it("sends only the executions a query selects", { timeout: 120_000 }, async () => {
    const receiver = await startOtlpReceiver();
    try {
      const out = await cli(["traces", "export", "--query", 'name IN ("old-1", "new-2")', "--endpoint", receiver.url]);
      expect(out.stderr).toBe("");
      expect(out.code).toBe(0);
      const roots = receiver.spans.filter((s) => s.parentSpanId === "");
      expect(roots.map((s) => s.attributes["stepfunctions.execution.name"]).sort()).toEqual(["new-2", "old-1"]);
      expect(out.stdout).toBe(`2 executions sent as ${receiver.spans.length} spans to ${receiver.url}\n`);
    } finally {
      await receiver.close();
    }
  });

  // Each call starts the CLI (several seconds on a loaded machine).
  it("refuses bad arguments with exit 2", { timeout: 120_000 }, async () => {
    expect((await cli(["traces", "export"])).stderr).toContain("give --endpoint <url> or set STEPSCOPE_OTLP_ENDPOINT");
    const badDate = await cli(["traces", "export", "--endpoint", "http://127.0.0.1:9/v1/traces", "--since", "soon"]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--since "soon" is not a date');
    const badQuery = await cli([
      "traces",
      "export",
      "--endpoint",
      "http://127.0.0.1:9/v1/traces",
      "--query",
      "status = ",
    ]);
    expect(badQuery.code).toBe(2);
    expect(badQuery.stderr).toContain("traces export: --query:");
    const both = await cli([
      "traces",
      "export",
      "--endpoint",
      "http://127.0.0.1:9/v1/traces",
      "--query",
      'status = "FAILED"',
      "--since",
      "2026-01-01",
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give --query or --since, not both");
  });

  it("a receiver's refusal exits 1 with its reason", { timeout: 120_000 }, async () => {
    const receiver = await startOtlpReceiver({ failWith: [400] });
    try {
      const refused = await cli(["traces", "export", "--endpoint", receiver.url]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("stepscope traces export:");
    } finally {
      await receiver.close();
    }
  });
});
