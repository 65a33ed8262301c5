import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { mockConfigSchema, type MockConfig } from "@/lib/asl/mock-config-invoker";
import { validateDefinition } from "@/lib/asl/validate-definition";
import { describeReplayComparison } from "@/lib/execution-view/describe-replay-comparison";
import { awsMaxHistoryEvents } from "@/lib/local-runs/local-runner";
import {
  streamRecordingTests,
  type RecordingTestResult,
  type RecordingUnderTest,
  type TestRecordingsOptions,
} from "@/lib/local-runs/test-recordings";
import type { Database } from "@/lib/db/database";
import { findUnknownArn } from "@/lib/queries/get-recordings-by-arn";
import { parseListQuery } from "@/lib/queries/query-language/parse-list-query";
import { QuerySyntaxError } from "@/lib/queries/query-language/query-syntax-error";
import { CliUsageError } from "./cli-usage-error";
import { junitReport, type JunitCase } from "./junit-report";
import { arnPagesOfQuery, isExecutionArn, pagesOf, recordingsOfFile, storedRecordings } from "./test-sources";
import { withCliDatabase } from "./with-cli-database";

export const testUsage = `test <definition.json> [--query <expression> | <history-file|bundle|execution-arn>...]
       [--mock-config <file> [--test-case <name>] [--state-machine <name>]] [--junit <file>] [--json]
                                             replay recorded executions against a definition with their recorded
                                             Task results: one line each, unchanged or what changed; exit 0 when
                                             none changed, 1 when any did, 2 for bad arguments`;

function parseTestArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        query: { type: "string" },
        junit: { type: "string" },
        json: { type: "boolean", default: false },
        "mock-config": { type: "string" },
        "test-case": { type: "string" },
        "state-machine": { type: "string" },
      },
    });
  } catch (err) {
    throw new CliUsageError(`test: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new CliUsageError(`test: cannot read ${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliUsageError(`test: ${what} ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The verdict word a result's line starts with. */
const verdictOf = (r: RecordingTestResult) =>
  r.type === "not-replayed" ? "error" : r.comparison.changed ? "changed" : "unchanged";

/** The text after the verdict: what changed (with the Tasks nothing answered), or why it was not replayed. */
function detailOf(r: RecordingTestResult): string {
  if (r.type === "not-replayed") return `not replayed: ${r.reason}`;
  const text = describeReplayComparison(r.comparison);
  return r.unresolvedTasks.length === 0
    ? text
    : `${text}; no recorded result or mock for ${[...new Set(r.unresolvedTasks)].join(", ")}`;
}

function jsonOf(r: RecordingTestResult) {
  const base = {
    origin: r.recording.origin,
    executionArn: r.recording.executionArn,
    name: r.recording.name,
    result: verdictOf(r),
    summary: detailOf(r),
  };
  if (r.type === "not-replayed") return { ...base, reason: r.reason };
  const c = r.comparison;
  return {
    ...base,
    recorded: c.recorded,
    replayed: c.replayed,
    firstDivergence: c.firstDivergence,
    outcomeChanges: c.outcomeChanges,
    outputChanges: c.outputChanges,
    unresolvedTasks: r.unresolvedTasks,
  };
}

function junitCaseOf(r: RecordingTestResult): JunitCase {
  const common = { name: r.recording.name, classname: r.recording.stateMachineName };
  if (r.type === "not-replayed")
    return {
      ...common,
      seconds: 0,
      outcome: { type: "error", kind: "not-replayed", message: detailOf(r), details: r.recording.origin },
    };
  const seconds = r.wallMs / 1000;
  if (!r.comparison.changed) return { ...common, seconds, outcome: { type: "passed" } };
  return {
    ...common,
    seconds,
    outcome: {
      type: "failure",
      kind: "changed",
      message: detailOf(r),
      details: JSON.stringify(jsonOf(r), null, 2),
    },
  };
}

/**
 * `stepscope test <definition.json> [--query <expression> | <history-file|bundle|execution-arn>...]
 * [--mock-config <file> [--test-case <name>] [--state-machine <name>]] [--junit <file>] [--json]`:
 * replays each recorded execution (from files, stored ARNs, or the stored executions a query
 * selects, local runs left out) against the definition with its recorded Task results, in the
 * one local runner, and prints one line per execution, `unchanged` or `changed` and what changed
 * (`--json`: one object a line). Exit 0 when every one is unchanged, 1 when any changed (or could
 * not be replayed), 2 for bad arguments.
 */
export async function testCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseTestArgs(argv);
  const [definitionFile, ...sources] = positionals;
  if (definitionFile === undefined) throw new CliUsageError("test: name the definition file to test");
  const query = values.query;
  if (query !== undefined && sources.length > 0)
    throw new CliUsageError(`test: give --query or recordings (${sources[0]}), not both`);
  if (query === undefined && sources.length === 0)
    throw new CliUsageError("test: name the recordings to replay (history files, bundles, execution ARNs) or --query");
  if (query !== undefined) queryOrThrow(query);
  const validation = validateDefinition(await readJson(definitionFile, "definition"));
  if (!validation.ok) {
    for (const error of validation.errors)
      process.stderr.write(`stepscope test: ${definitionFile}: ${error.path || "/"}: ${error.message}\n`);
    return 2;
  }
  const fallbackName = values["state-machine"] ?? path.basename(definitionFile).split(".")[0] ?? "local";
  const mockConfig = await readMockConfig(values["mock-config"], values["test-case"], values["state-machine"]);
  // Files are read (and refused) before anything is replayed; stored executions stream from the store a page at a time.
  const files: (RecordingUnderTest[] | null)[] = [];
  for (const source of sources)
    files.push(isExecutionArn(source) ? null : await recordingsOfFile(source, fallbackName));
  const arns = sources.filter(isExecutionArn);
  const report = (recordings: AsyncIterable<RecordingUnderTest> | Iterable<RecordingUnderTest>) =>
    replayAndReport(recordings, {
      definitionFile,
      json: values.json,
      ...(values.junit === undefined ? {} : { junit: values.junit }),
      options: {
        definition: validation.definition,
        ...(mockConfig === undefined ? {} : { mockConfig }),
        limits: { maxEvents: awsMaxHistoryEvents, wallMs: 60_000, memoryMb: 256 },
      },
    });
  if (query === undefined && arns.length === 0) return report(files.flatMap((f) => f ?? []));
  return withCliDatabase(async (db) => {
    const unknown = await findUnknownArn(db, arns);
    if (unknown !== undefined) throw new CliUsageError(`test: no stored execution has the ARN ${unknown}`);
    return report(
      query !== undefined ? storedRecordings(db, arnPagesOfQuery(db, query)) : inSourceOrder(db, sources, files),
    );
  });
}

/** Replays the recordings as they come, prints a line each in their order, and writes the JUnit report; the exit code. */
async function replayAndReport(
  recordings: AsyncIterable<RecordingUnderTest> | Iterable<RecordingUnderTest>,
  how: { definitionFile: string; json: boolean; junit?: string; options: TestRecordingsOptions },
): Promise<number> {
  const startedAt = new Date();
  const cases: JunitCase[] = [];
  let changed = 0;
  const total = await streamRecordingTests(recordings, how.options, (r) => {
    process.stdout.write(
      how.json ? `${JSON.stringify(jsonOf(r))}\n` : `${verdictOf(r).padEnd(9)}  ${r.recording.name}  ${detailOf(r)}\n`,
    );
    if (verdictOf(r) !== "unchanged") changed++;
    if (how.junit !== undefined) cases.push(junitCaseOf(r));
  });
  if (total === 0) {
    process.stderr.write("stepscope test: the query selects no stored executions\n");
    return 0;
  }
  if (how.junit !== undefined)
    await writeFile(how.junit, junitReport(path.basename(how.definitionFile), cases, startedAt));
  process.stderr.write(
    `${total} execution${total === 1 ? "" : "s"} replayed against ${how.definitionFile}: ${total - changed} unchanged, ${changed} changed\n`,
  );
  return changed === 0 ? 0 : 1;
}

/** The recordings of the command line's sources in their order: a file's as read, stored ones a page at a time. */
async function* inSourceOrder(
  db: Database,
  sources: readonly string[],
  files: readonly (RecordingUnderTest[] | null)[],
): AsyncGenerator<RecordingUnderTest> {
  let arns: string[] = [];
  for (const [i, source] of sources.entries()) {
    const file = files[i];
    if (file === null || file === undefined) {
      arns.push(source);
      continue;
    }
    yield* storedRecordings(db, pagesOf(arns));
    arns = [];
    yield* file;
  }
  yield* storedRecordings(db, pagesOf(arns));
}

async function readMockConfig(
  file: string | undefined,
  testCase: string | undefined,
  stateMachineName: string | undefined,
): Promise<{ config: MockConfig; testCase?: string; stateMachineName?: string } | undefined> {
  if (file === undefined) {
    if (testCase !== undefined) throw new CliUsageError("test: --test-case needs --mock-config <file>");
    return undefined;
  }
  const parsed = mockConfigSchema.safeParse(await readJson(file, "mock config"));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliUsageError(
      `test: --mock-config ${file}: /${issue?.path.join("/") ?? ""}: ${issue?.message ?? "not a MockConfigFile"}`,
    );
  }
  return {
    config: parsed.data,
    ...(testCase === undefined ? {} : { testCase }),
    ...(stateMachineName === undefined ? {} : { stateMachineName }),
  };
}

function queryOrThrow(query: string): void {
  try {
    parseListQuery(query);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    throw new CliUsageError(`test: --query: ${error.message}\n  ${query}\n  ${" ".repeat(error.column - 1)}^`);
  }
}
