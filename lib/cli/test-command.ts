import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { mockConfigSchema, type MockConfig } from "@/lib/asl/mock-config-invoker";
import { validateDefinition } from "@/lib/asl/validate-definition";
import { describeReplayComparison } from "@/lib/execution-view/describe-replay-comparison";
import { awsMaxHistoryEvents } from "@/lib/local-runs/local-runner";
import { testRecordings, type RecordingTestResult, type RecordingUnderTest } from "@/lib/local-runs/test-recordings";
import { parseListQuery } from "@/lib/queries/query-language/parse-list-query";
import { QuerySyntaxError } from "@/lib/queries/query-language/query-syntax-error";
import { CliUsageError } from "./cli-usage-error";
import { junitReport, type JunitCase } from "./junit-report";
import { arnsOfQuery, isExecutionArn, recordingOfArn, recordingsOfFile } from "./test-sources";
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
  const needsDb = query !== undefined || sources.some(isExecutionArn);
  const recordings = needsDb
    ? await withCliDatabase((db) =>
        query !== undefined
          ? arnsOfQuery(db, query).then((arns) => Promise.all(arns.map((arn) => recordingOfArn(db, arn))))
          : collect(sources, fallbackName, (arn) => recordingOfArn(db, arn)),
      )
    : await collect(sources, fallbackName, () => Promise.reject(new Error("unreachable")));
  if (recordings.length === 0) {
    process.stderr.write("stepscope test: the query selects no stored executions\n");
    return 0;
  }
  const startedAt = new Date();
  const results = await testRecordings(recordings, {
    definition: validation.definition,
    ...(mockConfig === undefined ? {} : { mockConfig }),
    limits: { maxEvents: awsMaxHistoryEvents, wallMs: 60_000, memoryMb: 256 },
  });
  for (const r of results)
    process.stdout.write(
      values.json
        ? `${JSON.stringify(jsonOf(r))}\n`
        : `${verdictOf(r).padEnd(9)}  ${r.recording.name}  ${detailOf(r)}\n`,
    );
  const changed = results.filter((r) => verdictOf(r) !== "unchanged").length;
  if (values.junit !== undefined)
    await writeFile(values.junit, junitReport(path.basename(definitionFile), results.map(junitCaseOf), startedAt));
  process.stderr.write(
    `${results.length} execution${results.length === 1 ? "" : "s"} replayed against ${definitionFile}: ${results.length - changed} unchanged, ${changed} changed\n`,
  );
  return changed === 0 ? 0 : 1;
}

async function collect(
  sources: readonly string[],
  fallbackName: string,
  ofArn: (arn: string) => Promise<RecordingUnderTest>,
): Promise<RecordingUnderTest[]> {
  const out: RecordingUnderTest[] = [];
  for (const source of sources)
    out.push(...(isExecutionArn(source) ? [await ofArn(source)] : await recordingsOfFile(source, fallbackName)));
  return out;
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
