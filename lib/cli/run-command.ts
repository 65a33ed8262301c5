import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { mockConfigSchema } from "@/lib/asl/mock-config-invoker";
import { PAYLOAD_LIMIT_BYTES } from "@/lib/asl/states/event-details";
import type { StateMachineType } from "@/lib/asl/express/express-execution";
import { expressLogLines, toExpressLogRecords, type LogLevel } from "@/lib/asl/express/express-log-records";
import { validateDefinitionFor } from "@/lib/asl/express/validate-for-type";
import type { Database } from "@/lib/db/database";
import type { InvokerSpec, LocalRunJob, LocalRunLimits } from "@/lib/local-runs/local-run-job";
import { awsMaxHistoryEvents, runLocal } from "@/lib/local-runs/local-runner";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw new CliUsageError(`run: cannot read ${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliUsageError(`run: ${where} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** `run`'s arguments; an unknown option or a missing value is a usage error (exit 2), not a crash. */
function parseRunArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        input: { type: "string" },
        "mock-config": { type: "string" },
        "test-case": { type: "string" },
        "state-machine": { type: "string" },
        name: { type: "string" },
        store: { type: "boolean", default: false },
        "real-time": { type: "boolean", default: false },
        "s3-dir": { type: "string" },
        "max-events": { type: "string" },
        "max-seconds": { type: "string" },
        "max-memory-mb": { type: "string" },
        "max-transitions": { type: "string" },
        type: { type: "string" },
        "log-level": { type: "string" },
        "no-execution-data": { type: "boolean", default: false },
        "aws-behaviour-as-of": { type: "string" },
      },
    });
  } catch (err) {
    throw new CliUsageError(`run: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A positive whole number given to a flag, else a usage error naming the flag. */
function positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new CliUsageError(`run: --${flag} must be a positive whole number, not ${JSON.stringify(value)}`);
  return n;
}

/** `--type`: STANDARD (default) or EXPRESS, else a usage error. */
function typeOf(value: string | undefined): StateMachineType {
  if (value === undefined || value === "STANDARD" || value === "EXPRESS") return value ?? "STANDARD";
  throw new CliUsageError(`run: --type must be STANDARD or EXPRESS, not ${JSON.stringify(value)}`);
}

/** `--log-level`: what CloudWatch Logs would carry at ALL, ERROR, FATAL or OFF; absent: the history. */
function logLevelOf(value: string | undefined, noData: boolean): LogLevel | undefined {
  if (value === undefined) {
    if (noData) throw new CliUsageError("run: --no-execution-data needs --log-level <ALL|ERROR|FATAL|OFF>");
    return undefined;
  }
  if (value === "ALL" || value === "ERROR" || value === "FATAL" || value === "OFF") return value;
  throw new CliUsageError(`run: --log-level must be ALL, ERROR, FATAL or OFF, not ${JSON.stringify(value)}`);
}

/** `--aws-behaviour-as-of`: a real calendar day as `YYYY-MM-DD`, else a usage error. */
function behaviourDayOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  // A day that does not exist (2024-02-30) parses to another day, or not at all.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value)
    throw new CliUsageError(`run: --aws-behaviour-as-of must be a date as YYYY-MM-DD, not ${JSON.stringify(value)}`);
  return value;
}

/** Defaults of `stepscope run`'s limits: AWS's history quota; a minute of wall-clock time; 256 MB of heap. */
const defaults = { maxEvents: awsMaxHistoryEvents, maxSeconds: 60, maxMemoryMb: 256 };

/**
 * `stepscope run <definition.json> [--input <json|@file>] [--mock-config <file> --test-case <name>]
 * [--state-machine <name>] [--name <exec>] [--store] [--real-time] [--s3-dir <folder>]
 * [--max-events <n>] [--max-seconds <s>] [--max-memory-mb <mb>] [--max-transitions <n>]`: runs the
 * definition in the bundled interpreter on a virtual clock (the wall clock with `--real-time`;
 * S3 objects read from `<folder>/<bucket>/<key>` with `--s3-dir`) and prints `{"events": [...]}` as `get-execution-history`
 * does. The run has AWS's limits (25,000 events, 256 KiB payloads, the definition's
 * `TimeoutSeconds`, one year of execution time) and a wall-clock and memory limit of its own,
 * enforced from outside the interpreter; a run that hits one is a FAILED (or TIMED_OUT)
 * execution. Exit 0 whatever the execution's status; 2 when the definition or arguments are invalid.
 * `--type EXPRESS` runs it as an Express execution (`…:express:<sm>:<name>:<uuid>` ARN, AWS's refusals
 * of activities, `.sync` and `.waitForTaskToken` at validation, a 5-minute limit); `--log-level
 * <ALL|ERROR|FATAL|OFF> [--no-execution-data]` prints the history as CloudWatch Logs records
 * instead, one JSON object a line, as that logging configuration would have logged it.
 * `--aws-behaviour-as-of <YYYY-MM-DD>` reproduces AWS as it behaved on that day (default: today's AWS).
 */
export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseRunArgs(argv);
  if (positionals.length !== 1) throw new CliUsageError("run: name exactly one definition file");
  const file = positionals[0] as string;
  const type = typeOf(values.type);
  const logLevel = logLevelOf(values["log-level"], values["no-execution-data"]);
  const behaviourDay = behaviourDayOf(values["aws-behaviour-as-of"]);
  const validation = validateDefinitionFor(parseJson(await readText(file, "definition"), file), type);
  if (!validation.ok) {
    for (const error of validation.errors)
      process.stderr.write(`stepscope run: ${file}: ${error.path || "/"}: ${error.message}\n`);
    return 2;
  }
  const limits: LocalRunLimits = {
    maxEvents: positiveInteger(values["max-events"], "max-events", defaults.maxEvents),
    wallMs: positiveInteger(values["max-seconds"], "max-seconds", defaults.maxSeconds) * 1000,
    memoryMb: positiveInteger(values["max-memory-mb"], "max-memory-mb", defaults.maxMemoryMb),
    ...(values["max-transitions"] === undefined
      ? {}
      : { maxTransitions: positiveInteger(values["max-transitions"], "max-transitions", 0) }),
  };
  const inputArg = values.input ?? "{}";
  const input = inputArg.startsWith("@") ? await readText(inputArg.slice(1), "input") : inputArg;
  parseJson(input, "--input");
  const inputBytes = Buffer.byteLength(input, "utf8");
  if (inputBytes > PAYLOAD_LIMIT_BYTES)
    throw new CliUsageError(
      `run: --input is ${inputBytes} bytes; an execution input is at most ${PAYLOAD_LIMIT_BYTES} bytes (256 KiB)`,
    );
  const stateMachineName = values["state-machine"] ?? path.basename(file).split(".")[0] ?? "local";
  const invokers: InvokerSpec[] = [];
  const mockFile = values["mock-config"];
  if (mockFile !== undefined) {
    const testCase = values["test-case"];
    if (testCase === undefined) throw new CliUsageError("run: --mock-config needs --test-case <name>");
    const parsed = mockConfigSchema.safeParse(parseJson(await readText(mockFile, "mock config"), mockFile));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliUsageError(
        `run: ${mockFile}: /${issue?.path.join("/") ?? ""}: ${issue?.message ?? "not a MockConfigFile"}`,
      );
    }
    if (parsed.data.StateMachines[stateMachineName]?.TestCases[testCase] === undefined) {
      throw new CliUsageError(
        `run: ${mockFile}: /StateMachines/${stateMachineName}/TestCases/${testCase} does not exist`,
      );
    }
    invokers.push({ kind: "mock-config", config: parsed.data, stateMachineName, testCase });
  } else if (values["test-case"] !== undefined) throw new CliUsageError("run: --test-case needs --mock-config <file>");
  // S3 reads (a Map's ItemReader, s3:getObject/listObjectsV2 Tasks) from <dir>/<bucket>/<key>, after the mocks.
  const s3Dir = values["s3-dir"];
  if (s3Dir !== undefined) {
    if (!(await isDirectory(s3Dir))) throw new CliUsageError(`run: --s3-dir ${s3Dir} is not a folder`);
    invokers.push({ kind: "s3-folder", dir: path.resolve(s3Dir) });
  }
  const executionName = values.name ?? randomUUID();
  // The clock starts at the wall-clock time, then runs virtually (a one-day Wait costs nothing),
  // unless --real-time asks for the wall clock (Waits wait, Task timeouts race the handlers).
  const job: LocalRunJob = {
    definition: validation.definition,
    input,
    stateMachineName,
    executionName,
    ...(type === "EXPRESS" ? { type, executionId: randomUUID() } : {}),
    startMs: Date.now(),
    realTime: values["real-time"],
    ...(behaviourDay === undefined ? {} : { awsBehaviourAsOf: behaviourDay }),
    invokers,
    limits,
  };
  const run = (db?: Database) =>
    runLocal({
      prepare: () => job,
      keepSpare: false,
      ...(db === undefined ? {} : { store: { db, stateMachineName, name: executionName } }),
    });
  const print = (result: Awaited<ReturnType<typeof run>>["result"]): void => {
    process.stdout.write(
      logLevel === undefined
        ? `${JSON.stringify({ events: result.events }, null, 2)}\n`
        : expressLogLines(
            toExpressLogRecords(result.executionArn, result.events, {
              level: logLevel,
              includeExecutionData: !values["no-execution-data"],
            }),
          ),
    );
  };
  if (!values.store) {
    const { result } = await run();
    print(result);
    return 0;
  }
  await withCliDatabase(async (db) => {
    const { result } = await run(db);
    print(result);
    process.stderr.write(`stored ${result.executionArn} (${result.status}, ${result.events.length} events)\n`);
  });
  return 0;
}
