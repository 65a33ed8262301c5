import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine, type ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { RandomPort } from "@/lib/asl/intrinsics";
import { createRecordedHistoryInvoker } from "@/lib/asl/recorded-history-invoker";
import type { TaskInvoker } from "@/lib/asl/task-invoker";
import type { StateMachineDefinition } from "@/lib/asl/types";
import { validateDefinition } from "@/lib/asl/validate-definition";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import { storeLocalRun } from "@/lib/ingest/store-local-run";
import { localRunMaxTransitions } from "@/lib/local-runs/run-local-definition";
import { parseJsonOrThrow } from "@/lib/local-runs/parse-json-or-throw";
import { recordAudit } from "./audit";
import type { LocalReplayRequest } from "./replay-request";
import { getReplayName } from "./replay-name";
import { getLocalStoredExecutionOrThrow, type LocalStoredExecution } from "./local-stored-execution";

/** What a local replay produced. */
export interface LocalReplayResult {
  /** The new local execution. */
  readonly executionArn: string;
  /** The execution it replays. */
  readonly replayOf: string;
  readonly status: ExecutionResult["status"];
  readonly error: string | null;
  readonly cause: string | null;
  /**
   * Task states the recording had no (further) result for, in the order they asked: with a
   * changed definition a new or re-ordered Task fails with `States.TaskFailed` ("No task
   * resolution for state …"), the interpreter's rule.
   */
  readonly unresolvedTasks: readonly string[];
}

const random: RandomPort = { random: Math.random, uuid: randomUUID };
/** Wall time a replay may take before it is aborted, in ms. */
const replayTimeoutMs = 30_000;

/**
 * Re-runs a stored execution (from AWS, a file or the interpreter) in the bundled interpreter,
 * its Task states answered attempt by attempt from its recorded history, with its own input
 * and definition or edited ones. Stores the new history under the source `local` with
 * `replay_of_execution_id` pointing at the original, and its `execution.replay` audit row, in
 * one transaction. Bad edits are a 422 naming the JSON path (`/input`, `/definition/States/…`),
 * audited as REFUSED.
 */
export async function replayExecutionLocally(db: Database, actor: Actor, executionArn: string, request: LocalReplayRequest): Promise<LocalReplayResult> {
  const original = await getLocalStoredExecutionOrThrow(db.prisma, executionArn);
  const edited = { input: request.input !== undefined, definition: request.definition !== undefined };
  let prepared: { definition: StateMachineDefinition; input: string };
  try {
    prepared = prepare(original, request);
  } catch (err) {
    if (err instanceof AppError) await audit(db.prisma, actor, original.executionArn, "REFUSED", null, { mode: "local", edited, error: err.message });
    throw err;
  }
  const unresolvedTasks: string[] = [];
  const recorded = createRecordedHistoryInvoker(original.events);
  const invoker: TaskInvoker = {
    async invoke(invocation) {
      const outcome = await recorded.invoke(invocation);
      if (outcome === null) unresolvedTasks.push(invocation.stateName);
      return outcome;
    },
  };
  const name = replayName(original.name);
  let result: ExecutionResult;
  try {
    result = await executeStateMachine({
      definition: prepared.definition,
      input: prepared.input,
      stateMachineName: original.stateMachineName,
      executionName: name,
      clock: createVirtualClock(Date.now()),
      invoker,
      random,
      maxTransitions: localRunMaxTransitions,
      signal: AbortSignal.timeout(replayTimeoutMs),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await audit(db.prisma, actor, original.executionArn, "FAILED", null, { mode: "local", edited, error: message });
    throw new AppError({ code: "unprocessable_entity", message: `the interpreter could not replay ${original.executionArn}: ${message}` });
  }
  await storeLocalRun(db, result, prepared.definition, original.stateMachineName, name, {
    inTransaction: async (client, stored) => {
      await client.query("UPDATE executions SET replay_of_execution_id = $2 WHERE id = $1", [stored.executionId, original.id]);
      await audit(client, actor, original.executionArn, "OK", result.executionArn, { mode: "local", edited, status: result.status, unresolvedTasks });
    },
  });
  return {
    executionArn: result.executionArn,
    replayOf: original.executionArn,
    status: result.status,
    error: result.error ?? null,
    cause: result.cause ?? null,
    unresolvedTasks,
  };
}

/** The definition and input the replay runs: edited ones validated, else the recorded ones. */
function prepare(original: LocalStoredExecution, request: LocalReplayRequest): { definition: StateMachineDefinition; input: string } {
  let input: string;
  if (request.input !== undefined) {
    parseJsonOrThrow(request.input, "input");
    input = request.input;
  } else if (original.input === null || original.inputTruncated) {
    const message = `the recorded input of ${original.executionArn} is ${original.input === null ? "missing" : "truncated"}: give the input to replay with`;
    throw new AppError({ code: "unprocessable_entity", message, details: [{ path: "/input", message }] });
  } else {
    input = original.input;
  }
  const text = request.definition ?? original.definition;
  if (text === null) {
    const message = `no definition is stored for ${original.executionArn}: give the definition to replay with`;
    throw new AppError({ code: "unprocessable_entity", message, details: [{ path: "/definition", message }] });
  }
  const validation = validateDefinition(text);
  if (!validation.ok) {
    const which = request.definition === undefined ? "the stored definition" : "the definition";
    const details = validation.errors.map((e) => ({ path: `/definition${e.path}`, message: e.message }));
    throw new AppError({ code: "unprocessable_entity", message: `${which} is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`, details });
  }
  return { definition: validation.definition, input };
}

/** `<original name>-replay-<8 hex>`, within AWS's 80 characters. */
function replayName(originalName: string): string {
  return getReplayName(originalName, `-replay-${randomUUID().slice(0, 8)}`);
}

async function audit(
  client: Parameters<typeof recordAudit>[0],
  actor: Actor,
  targetId: string,
  outcome: "OK" | "REFUSED" | "FAILED",
  resultExecutionArn: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(client, actor, { action: "execution.replay", targetType: "execution", targetId, details, outcome, resultExecutionArn });
}
