import "server-only";
import { AppError } from "@/lib/errors/app-error";
import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { validateDefinition } from "@/lib/asl/validate-definition";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import { getMockInvokerSpecsOrThrow } from "@/lib/local-runs/get-mock-invoker-or-throw";
import { runLocal, webLocalRunLimits } from "@/lib/local-runs/local-runner";
import type { LocalRedriveRequest } from "./local-redrive-request";
import { getLocalStoredExecutionOrThrow, type LocalStoredExecution } from "./local-stored-execution";

/** What a local redrive did to the execution. */
export interface LocalRedriveResult {
  readonly executionArn: string;
  readonly status: ExecutionResult["status"];
  /** `redriveCount` after this redrive (1 for the first). */
  readonly redriveCount: number;
  readonly error: string | null;
  readonly cause: string | null;
}

const redrivable = new Set(["FAILED", "TIMED_OUT", "ABORTED"]);

/**
 * Redrives a FAILED, TIMED_OUT or ABORTED execution of the bundled interpreter (source
 * `local`) with the interpreter's redrive: the same history goes on with `ExecutionRedriven`
 * and the re-run of what failed, on the SAME execution (its `redrive_count` goes up), with
 * its `execution.redrive` audit row in the store's transaction. Tasks the redrive re-runs are
 * answered by the request's MockConfigFile test case (the state machine's name is its key);
 * without one they have no resolution and fail again. Anything else is refused (422, audited).
 */
export async function redriveLocalExecution(
  db: Database,
  actor: Actor,
  executionArn: string,
  request: LocalRedriveRequest = {},
): Promise<LocalRedriveResult> {
  const execution = await getLocalStoredExecutionOrThrow(db.prisma, executionArn);
  const lastMs = Date.parse(execution.events.at(-1)?.timestamp ?? "");
  const { result } = await runLocal({
    prepare: () => {
      const prepared = prepare(execution, request);
      return {
        definition: prepared.definition,
        stateMachineName: execution.stateMachineName,
        executionName: execution.name,
        // The same ARN again: a replay of an execution in another partition keeps that partition.
        ...partitionOf(executionArn),
        ...(execution.region === null ? {} : { region: execution.region }),
        ...(execution.accountId === null ? {} : { accountId: execution.accountId }),
        ...(prepared.roleArn === undefined ? {} : { roleArn: prepared.roleArn }),
        // A virtual clock from now, never before the last recorded event.
        startMs: Math.max(Date.now(), Number.isNaN(lastMs) ? 0 : lastMs + 1),
        redriveFrom: execution.events,
        invokers: prepared.invokers,
        limits: webLocalRunLimits(),
      };
    },
    audit: {
      actor,
      action: "execution.redrive",
      targetId: () => executionArn,
      details: {
        mode: "local",
        mockConfig: (request.mockConfig ?? "").trim() !== "",
        testCase: request.testCase ?? null,
      },
      okDetails: ({ result }) => ({ redriveCount: redriveCountOf(result), status: result.status }),
    },
    store: { db, stateMachineName: execution.stateMachineName, name: execution.name },
    check: ({ result }) => {
      if (result.executionArn !== executionArn) throw new Error(`the redrive ran as ${result.executionArn}`);
    },
    failureMessage: (message) => `the interpreter could not redrive ${executionArn}: ${message}`,
  });
  return {
    executionArn,
    status: result.status,
    redriveCount: redriveCountOf(result),
    error: result.error ?? null,
    cause: result.cause ?? null,
  };
}

function partitionOf(arn: string): { partition?: string } {
  const partition = /^arn:([^:]+):/.exec(arn)?.[1];
  return partition === undefined ? {} : { partition };
}

function redriveCountOf(result: ExecutionResult): number {
  return result.events.filter((e) => e.type === "ExecutionRedriven").length;
}

function prepare(execution: LocalStoredExecution, request: LocalRedriveRequest) {
  const refuse = (message: string, path = "/executionArn") =>
    new AppError({ code: "unprocessable_entity", message, details: [{ path, message }] });
  if (execution.sourceKind !== "LOCAL") {
    throw refuse(
      `${execution.executionArn} did not run in the bundled interpreter (source kind ${execution.sourceKind}): only local executions have a local redrive`,
    );
  }
  if (!redrivable.has(execution.status)) {
    throw refuse(
      `${execution.executionArn} is ${execution.status}: only a FAILED, TIMED_OUT or ABORTED execution can be redriven`,
    );
  }
  if (execution.definition === null)
    throw refuse(`no definition is stored for ${execution.executionArn}`, "/definition");
  const validation = validateDefinition(execution.definition);
  if (!validation.ok)
    throw refuse(
      `the stored definition is invalid: ${validation.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
      "/definition",
    );
  const started = execution.events[0]?.["executionStartedEventDetails"];
  const roleArn = typeof started?.["roleArn"] === "string" ? started["roleArn"] : undefined;
  return {
    definition: validation.definition,
    roleArn,
    invokers: getMockInvokerSpecsOrThrow(request.mockConfig, request.testCase, execution.stateMachineName),
  };
}
