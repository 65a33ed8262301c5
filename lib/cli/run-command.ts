import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine, type ExecutionResult } from "@/lib/asl/execute-state-machine";
import { createMockConfigInvoker, mockConfigSchema } from "@/lib/asl/mock-config-invoker";
import type { RandomPort } from "@/lib/asl/intrinsics";
import { createS3ObjectInvoker } from "@/lib/asl/s3-object-invoker";
import { chainInvokers, type TaskInvoker } from "@/lib/asl/task-invoker";
import { validateDefinition } from "@/lib/asl/validate-definition";
import { storeLocalRun } from "@/lib/ingest/store-local-run";
import { createRealClock } from "@/lib/local-runs/real-clock";
import { createS3FolderSource } from "@/lib/local-runs/s3-folder-source";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

const unresolved: TaskInvoker = { invoke: () => Promise.resolve(null) };
const random: RandomPort = { random: Math.random, uuid: randomUUID };

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

/**
 * `stepscope run <definition.json> [--input <json|@file>] [--mock-config <file> --test-case <name>]
 * [--state-machine <name>] [--name <exec>] [--store] [--real-time] [--s3-dir <folder>]`: runs the
 * definition in the bundled interpreter on a virtual clock (the wall clock with `--real-time`;
 * S3 objects read from `<folder>/<bucket>/<key>` with `--s3-dir`) and prints `{"events": [...]}` as `get-execution-history`
 * does. Exit 0 whatever the execution's status; 2 when the definition or arguments are invalid.
 */
export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
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
    },
  });
  if (positionals.length !== 1) throw new CliUsageError("run: name exactly one definition file");
  const file = positionals[0] as string;
  const validation = validateDefinition(parseJson(await readText(file, "definition"), file));
  if (!validation.ok) {
    for (const error of validation.errors) process.stderr.write(`stepscope run: ${file}: ${error.path || "/"}: ${error.message}\n`);
    return 2;
  }
  const inputArg = values.input ?? "{}";
  const input = inputArg.startsWith("@") ? await readText(inputArg.slice(1), "input") : inputArg;
  parseJson(input, "--input");
  const stateMachineName = values["state-machine"] ?? path.basename(file).split(".")[0] ?? "local";
  let invoker = unresolved;
  const mockFile = values["mock-config"];
  if (mockFile !== undefined) {
    const testCase = values["test-case"];
    if (testCase === undefined) throw new CliUsageError("run: --mock-config needs --test-case <name>");
    const parsed = mockConfigSchema.safeParse(parseJson(await readText(mockFile, "mock config"), mockFile));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliUsageError(`run: ${mockFile}: /${issue?.path.join("/") ?? ""}: ${issue?.message ?? "not a MockConfigFile"}`);
    }
    if (parsed.data.StateMachines[stateMachineName]?.TestCases[testCase] === undefined) {
      throw new CliUsageError(`run: ${mockFile}: /StateMachines/${stateMachineName}/TestCases/${testCase} does not exist`);
    }
    invoker = createMockConfigInvoker(parsed.data, stateMachineName, testCase);
  } else if (values["test-case"] !== undefined) throw new CliUsageError("run: --test-case needs --mock-config <file>");
  // S3 reads (a Map's ItemReader, s3:getObject/listObjectsV2 Tasks) from <dir>/<bucket>/<key>, after the mocks.
  const s3Dir = values["s3-dir"];
  if (s3Dir !== undefined) {
    if (!(await isDirectory(s3Dir))) throw new CliUsageError(`run: --s3-dir ${s3Dir} is not a folder`);
    invoker = chainInvokers(invoker, createS3ObjectInvoker(createS3FolderSource(s3Dir)));
  }
  // The clock starts at the wall-clock time, then runs virtually (a one-day Wait costs nothing),
  // unless --real-time asks for the wall clock (Waits wait, Task timeouts race the handlers).
  const result = await executeStateMachine({
    definition: validation.definition,
    input,
    stateMachineName,
    executionName: values.name ?? randomUUID(),
    clock: values["real-time"] ? createRealClock() : createVirtualClock(Date.now()),
    invoker,
    random,
  });
  process.stdout.write(`${JSON.stringify({ events: result.events }, null, 2)}\n`);
  if (values.store) await store(result, validation.definition, stateMachineName, values.name ?? result.executionArn.split(":").pop() ?? "");
  return 0;
}

async function store(result: ExecutionResult, definition: unknown, stateMachineName: string, name: string): Promise<void> {
  await withCliDatabase(async (db) => {
    const stored = await storeLocalRun(db, result, definition, stateMachineName, name);
    process.stderr.write(`stored ${result.executionArn} (${result.status}, ${stored.eventsWritten} events)\n`);
  });
}
