import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";
import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { isExpressExecutionArn } from "@/lib/asl/express/express-execution";
import { expressReplayGaps } from "@/lib/asl/express/express-replay-gaps";
import type { StateMachineDefinition } from "@/lib/asl/types";
import { validateDefinition } from "@/lib/asl/validate-definition";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import { runLocal, webLocalRunLimits } from "@/lib/local-runs/local-runner";
import { parseJsonOrThrow } from "@/lib/local-runs/parse-json-or-throw";
import { checkInputSize } from "@/lib/local-runs/run-local-definition";
import { setReplayOf } from "@/lib/store/set-replay-of";
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

/**
 * Re-runs a stored execution (from AWS, a file or the interpreter) in the bundled interpreter,
 * its Task states answered attempt by attempt from its recorded history, with its own input
 * and definition or edited ones. The replay keeps its original's identity: the same state
 * machine ARN (partition, region, account, name) and role, so it is counted and listed with
 * the state machine it replays. Stores the new history under the source `local` with
 * `replay_of_execution_id` pointing at the original, and its `execution.replay` audit row, in
 * one transaction. Bad edits are a 422 naming the JSON path (`/input`, `/definition/States/…`),
 * audited as REFUSED.
 */
export async function replayExecutionLocally(
  db: Database,
  actor: Actor,
  executionArn: string,
  request: LocalReplayRequest,
): Promise<LocalReplayResult> {
  const original = await getLocalStoredExecutionOrThrow(db.prisma, executionArn);
  const edited = { input: request.input !== undefined, definition: request.definition !== undefined };
  const name = replayName(original.name);
  const { result, unresolvedTasks } = await runLocal({
    prepare: () => {
      const prepared = prepare(original, request);
      return {
        definition: prepared.definition,
        input: prepared.input,
        stateMachineName: original.stateMachineName,
        ...replayIdentity(original),
        executionName: name,
        ...(isExpressExecutionArn(original.executionArn)
          ? { type: "EXPRESS" as const, executionId: randomUUID() }
          : {}),
        startMs: Date.now(),
        invokers: [{ kind: "recorded-history", events: original.events }],
        limits: webLocalRunLimits(),
      };
    },
    audit: {
      actor,
      action: "execution.replay",
      targetId: () => original.executionArn,
      details: { mode: "local", edited },
      okDetails: (outcome) => ({ status: outcome.result.status, unresolvedTasks: outcome.unresolvedTasks }),
    },
    store: {
      db,
      stateMachineName: original.stateMachineName,
      name,
      inTransaction: async (client, stored) => {
        await setReplayOf(client, stored.executionId, original.id);
      },
    },
    failureMessage: (message) => `the interpreter could not replay ${original.executionArn}: ${message}`,
  });
  return {
    executionArn: result.executionArn,
    replayOf: original.executionArn,
    status: result.status,
    error: result.error ?? null,
    cause: result.cause ?? null,
    unresolvedTasks: [...unresolvedTasks],
  };
}

/** The definition and input the replay runs: edited ones validated, else the recorded ones. */
function prepare(
  original: LocalStoredExecution,
  request: LocalReplayRequest,
): { definition: StateMachineDefinition; input: string } {
  if (isExpressExecutionArn(original.executionArn)) {
    // Its history is what its log level kept: say plainly what is missing for a replay.
    const gaps = expressReplayGaps(original.events, request.input !== undefined);
    if (gaps.length > 0) {
      const message = `${original.executionArn} cannot be replayed from its log records: ${gaps.join("; ")}`;
      throw new AppError({ code: "unprocessable_entity", message, details: [{ path: "", message }] });
    }
  }
  let input: string;
  if (request.input !== undefined) {
    parseJsonOrThrow(request.input, "input");
    checkInputSize(request.input, "/input");
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
    throw new AppError({
      code: "unprocessable_entity",
      message: `${which} is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`,
      details,
    });
  }
  return { definition: validation.definition, input };
}

const stateMachineArnPattern = /^arn:([^:]+):states:([^:]+):(\d{12}):stateMachine:([^:]+)$/;

/**
 * The partition, region, account and role of the original, for the replay's ARNs: from its
 * state machine's ARN (`arn:<partition>:states:<region>:<account>:stateMachine:<name>`) and
 * its `ExecutionStarted` `roleArn`. A state machine ARN of another shape (a version or alias
 * ARN stored as the machine's) falls back to the execution's own region and account.
 */
function replayIdentity(original: LocalStoredExecution): {
  partition?: string;
  region?: string;
  accountId?: string;
  roleArn?: string;
} {
  const match = stateMachineArnPattern.exec(original.stateMachineArn);
  const started = original.events[0]?.["executionStartedEventDetails"];
  const roleArn = typeof started?.["roleArn"] === "string" ? started["roleArn"] : undefined;
  const region = match?.[2] ?? original.region ?? undefined;
  const accountId = match?.[3] ?? original.accountId ?? undefined;
  return {
    ...(match?.[1] === undefined ? {} : { partition: match[1] }),
    ...(region === undefined ? {} : { region }),
    ...(accountId === undefined ? {} : { accountId }),
    ...(roleArn === undefined ? {} : { roleArn }),
  };
}

/** `<original name>-replay-<8 hex>`, within AWS's 80 characters. */
function replayName(originalName: string): string {
  return getReplayName(originalName, `-replay-${randomUUID().slice(0, 8)}`);
}
