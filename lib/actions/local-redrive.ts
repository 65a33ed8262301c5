import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine, type ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { RandomPort } from "@/lib/asl/intrinsics";
import { validateDefinition } from "@/lib/asl/validate-definition";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import { storeLocalRun } from "@/lib/ingest/store-local-run";
import { getMockInvokerOrThrow } from "@/lib/local-runs/get-mock-invoker-or-throw";
import { localRunMaxTransitions } from "@/lib/local-runs/run-local-definition";
import { recordAudit } from "./audit";
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

const random: RandomPort = { random: Math.random, uuid: randomUUID };
const redrivable = new Set(["FAILED", "TIMED_OUT", "ABORTED"]);
/** Wall time a redrive may take before it is aborted, in ms. */
const redriveTimeoutMs = 30_000;

/**
 * Redrives a FAILED, TIMED_OUT or ABORTED execution of the bundled interpreter (source
 * `local`) with the interpreter's redrive: the same history goes on with `ExecutionRedriven`
 * and the re-run of what failed, on the SAME execution (its `redrive_count` goes up), with
 * its `execution.redrive` audit row in the store's transaction. Tasks the redrive re-runs are
 * answered by the request's MockConfigFile test case (the state machine's name is its key);
 * without one they have no resolution and fail again. Anything else is refused (422, audited).
 */
export async function redriveLocalExecution(db: Database, actor: Actor, executionArn: string, request: LocalRedriveRequest = {}): Promise<LocalRedriveResult> {
  const execution = await getLocalStoredExecutionOrThrow(db.prisma, executionArn);
  const details = { mode: "local", mockConfig: (request.mockConfig ?? "").trim() !== "", testCase: request.testCase ?? null };
  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = prepare(execution, request);
  } catch (err) {
    if (err instanceof AppError) await audit(db.prisma, actor, executionArn, "REFUSED", { ...details, error: err.message });
    throw err;
  }
  const lastMs = Date.parse(execution.events.at(-1)?.timestamp ?? "");
  let result: ExecutionResult;
  try {
    result = await executeStateMachine({
      definition: prepared.definition,
      stateMachineName: execution.stateMachineName,
      executionName: execution.name,
      ...(execution.region === null ? {} : { region: execution.region }),
      ...(execution.accountId === null ? {} : { accountId: execution.accountId }),
      ...(prepared.roleArn === undefined ? {} : { roleArn: prepared.roleArn }),
      // A virtual clock from now, never before the last recorded event.
      clock: createVirtualClock(Math.max(Date.now(), Number.isNaN(lastMs) ? 0 : lastMs + 1)),
      invoker: prepared.invoker,
      random,
      redriveFrom: execution.events,
      maxTransitions: localRunMaxTransitions,
      signal: AbortSignal.timeout(redriveTimeoutMs),
    });
    if (result.executionArn !== executionArn) throw new Error(`the redrive ran as ${result.executionArn}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await audit(db.prisma, actor, executionArn, "FAILED", { ...details, error: message });
    throw new AppError({ code: "unprocessable_entity", message: `the interpreter could not redrive ${executionArn}: ${message}` });
  }
  const redriveCount = result.events.filter((e) => e.type === "ExecutionRedriven").length;
  await storeLocalRun(db, result, prepared.definition, execution.stateMachineName, execution.name, {
    inTransaction: (client) => audit(client, actor, executionArn, "OK", { ...details, redriveCount, status: result.status }),
  });
  return { executionArn, status: result.status, redriveCount, error: result.error ?? null, cause: result.cause ?? null };
}

function prepare(execution: LocalStoredExecution, request: LocalRedriveRequest) {
  const refuse = (message: string, path = "/executionArn") => new AppError({ code: "unprocessable_entity", message, details: [{ path, message }] });
  if (execution.sourceKind !== "LOCAL") {
    throw refuse(`${execution.executionArn} did not run in the bundled interpreter (source kind ${execution.sourceKind}): only local executions have a local redrive`);
  }
  if (!redrivable.has(execution.status)) {
    throw refuse(`${execution.executionArn} is ${execution.status}: only a FAILED, TIMED_OUT or ABORTED execution can be redriven`);
  }
  if (execution.definition === null) throw refuse(`no definition is stored for ${execution.executionArn}`, "/definition");
  const validation = validateDefinition(execution.definition);
  if (!validation.ok) throw refuse(`the stored definition is invalid: ${validation.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`, "/definition");
  const started = execution.events[0]?.["executionStartedEventDetails"];
  const roleArn = typeof started?.["roleArn"] === "string" ? started["roleArn"] : undefined;
  return { definition: validation.definition, roleArn, invoker: getMockInvokerOrThrow(request.mockConfig, request.testCase, execution.stateMachineName) };
}

async function audit(client: Parameters<typeof recordAudit>[0], actor: Actor, executionArn: string, outcome: "OK" | "REFUSED" | "FAILED", details: Record<string, unknown>): Promise<void> {
  await recordAudit(client, actor, { action: "execution.redrive", targetType: "execution", targetId: executionArn, details, outcome, resultExecutionArn: outcome === "OK" ? executionArn : null });
}
