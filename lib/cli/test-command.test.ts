import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CliUsageError } from "./cli-usage-error";
import { testCommand } from "./test-command";

// A checkout state machine and three executions of it recorded by the interpreter (see the folder's README).
const dir = path.resolve(__dirname, "../../test/fixtures/regression");
const definition = (variant = "") => path.join(dir, `checkout${variant}.asl.json`);
const recordings = ["order-declined.json", "order-large.bundle.json", "order-small.json"].map((f) =>
  path.join(dir, "recorded", f),
);

function capture(): { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  return { out: () => out, err: () => err };
}

const lines = (text: string) => text.trimEnd().split("\n");

afterEach(() => {
  vi.restoreAllMocks();
});

describe("stepscope test", () => {
  it("exits 0 and prints one unchanged line per execution when the definition is the one recorded", async () => {
    const io = capture();
    expect(await testCommand([definition(), ...recordings])).toBe(0);
    expect(lines(io.out())).toEqual([
      "unchanged  order-declined  FAILED, 2 states: same path, outcomes and output",
      "unchanged  order-large  SUCCEEDED, 5 states: same path, outcomes and output",
      "unchanged  order-small  SUCCEEDED, 5 states: same path, outcomes and output",
    ]);
    expect(io.err()).toContain("3 executions replayed against");
  });

  it("names where a changed Choice sends the path, the outcomes that changed and the output difference, and exits 1", async () => {
    const io = capture();
    expect(await testCommand([definition(".choice-changed"), ...recordings])).toBe(1);
    const [declined, large, small] = lines(io.out());
    expect(declined).toMatch(/^unchanged {2}order-declined /);
    expect(small).toMatch(/^unchanged {2}order-small /);
    expect(large).toBe(
      "changed    order-large  path diverges at step 3: AutoApprove SUCCEEDED instead of ManualReview SUCCEEDED; " +
        'outcomes: ManualReview SUCCEEDED → not run, AutoApprove not run → SUCCEEDED; output: /approval/approvedBy "alice" → "rule"',
    );
  });

  it("names a removed Task as no longer run where the recording ran it", async () => {
    const io = capture();
    expect(await testCommand([definition(".task-removed"), recordings[2]!])).toBe(1);
    expect(io.out()).toBe(
      "changed    order-small  path diverges at step 5: the end instead of Notify SUCCEEDED; outcomes: Notify SUCCEEDED → not run\n",
    );
  });

  it("fails a Task the recording never ran with the cause that names it", async () => {
    const io = capture();
    expect(await testCommand([definition(".task-added"), recordings[2]!])).toBe(1);
    const line = io.out();
    expect(line).toMatch(
      /^changed {4}order-small {2}status SUCCEEDED → FAILED \(States\.TaskFailed: No task resolution for state 'FraudCheck'/,
    );
    expect(line).toContain("path diverges at step 4: FraudCheck FAILED instead of Ship SUCCEEDED");
    expect(line.trimEnd()).toMatch(/no recorded result or mock for FraudCheck$/);
  });

  it("answers a Task the recording never ran from --mock-config, one JSON object a line with --json", async () => {
    const io = capture();
    const mock = path.join(dir, "fraud-check.mock-config.json");
    const args = [
      definition(".task-added"),
      recordings[2]!,
      "--mock-config",
      mock,
      "--test-case",
      "fraud-ok",
      "--json",
    ];
    expect(await testCommand(args)).toBe(1);
    const result = JSON.parse(io.out()) as Record<string, unknown>;
    expect(result).toMatchObject({
      name: "order-small",
      result: "changed",
      replayed: { status: "SUCCEEDED", error: null },
      firstDivergence: { step: 4, recorded: { name: "Ship" }, replayed: { name: "FraudCheck", status: "SUCCEEDED" } },
      outcomeChanges: [{ state: "FraudCheck", where: "", recorded: null, replayed: "SUCCEEDED" }],
      outputChanges: [{ kind: "added", path: "/fraud", newValue: { score: 3 } }],
      unresolvedTasks: [],
    });
  });

  it("writes a JUnit report that parses: one testcase per execution, the divergence as the failure's message", async () => {
    capture();
    const tmp = await mkdtemp(path.join(os.tmpdir(), "stepscope-junit-"));
    try {
      const file = path.join(tmp, "report.xml");
      expect(await testCommand([definition(".choice-changed"), ...recordings, "--junit", file])).toBe(1);
      const xml = await readFile(file, "utf8");
      expect(XMLValidator.validate(xml)).toBe(true);
      const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml) as {
        testsuites: {
          tests: string;
          failures: string;
          testsuite: {
            tests: string;
            failures: string;
            errors: string;
            skipped: string;
            testcase: { name: string; classname: string; time: string; failure?: { message: string; type: string } }[];
          };
        };
      };
      const suite = doc.testsuites.testsuite;
      expect([doc.testsuites.tests, doc.testsuites.failures]).toEqual(["3", "1"]);
      expect([suite.tests, suite.failures, suite.errors, suite.skipped]).toEqual(["3", "1", "0", "0"]);
      expect(suite.testcase.map((c) => [c.name, c.classname, c.failure?.type ?? "passed"])).toEqual([
        ["order-declined", "checkout", "passed"],
        ["order-large", "checkout", "changed"],
        ["order-small", "checkout", "passed"],
      ]);
      expect(suite.testcase[1]?.failure?.message).toContain(
        "path diverges at step 3: AutoApprove SUCCEEDED instead of ManualReview",
      );
      for (const c of suite.testcase) expect(Number(c.time)).toBeGreaterThanOrEqual(0);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it("refuses bad arguments as usage errors (exit 2) naming the argument", async () => {
    const refused = async (args: string[]) => {
      const error = await testCommand(args).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CliUsageError);
      return (error as Error).message;
    };
    expect(await refused([])).toBe("test: name the definition file to test");
    expect(await refused([definition()])).toContain("name the recordings to replay");
    expect(await refused([definition(), recordings[0]!, "--query", 'status = "FAILED"'])).toContain(
      `give --query or recordings (${recordings[0]}), not both`,
    );
    expect(await refused([definition(), "--query", "status = "])).toContain("test: --query: ");
    expect(await refused([definition(), path.join(dir, "missing.json")])).toContain(
      `cannot read ${path.join(dir, "missing.json")}`,
    );
    expect(await refused([definition(), definition()])).toContain(`test: ${definition()}`);
    expect(await refused([definition(), recordings[0]!, "--test-case", "x"])).toContain(
      "--test-case needs --mock-config",
    );
    expect(await refused([definition(), recordings[0]!, "--nope"])).toContain("--nope");
  });

  it("exits 2 with the path of each fault when the definition is invalid", async () => {
    const io = capture();
    const tmp = await mkdtemp(path.join(os.tmpdir(), "stepscope-def-"));
    try {
      const bad = path.join(tmp, "bad.asl.json");
      await writeFile(bad, JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } }));
      expect(await testCommand([bad, recordings[0]!])).toBe(2);
      expect(io.err()).toContain("/States/A/Next");
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
