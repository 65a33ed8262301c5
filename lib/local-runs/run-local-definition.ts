import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/actions/audit";
import { AppError } from "@/lib/api/errors";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import type { RandomPort } from "@/lib/asl/intrinsics";
import type { TaskInvoker } from "@/lib/asl/task-invoker";
import type { StateMachineDefinition } from "@/lib/asl/types";
import { validateDefinition } from "@/lib/asl/validate-definition";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/client";
import { storeLocalRun } from "@/lib/ingest/store-local-run";
import { getMockInvokerOrThrow } from "./get-mock-invoker-or-throw";
import type { LocalRun } from "./local-run-schema";
import { parseJsonOrThrow } from "./parse-json-or-throw";

const random: RandomPort = { random: Math.random, uuid: randomUUID };

/** A runaway definition (a loop with no end) fails with `States.Runtime` past this many transitions. */
export const localRunMaxTransitions = 10_000;
/** Wall time a local run may take before it is aborted (a Task mock never answers quickly enough, say), in ms. */
const localRunTimeoutMs = 30_000;

/**
 * Runs a definition in the bundled interpreter on a virtual clock (starting at the wall-clock
 * time), stores its history under the source `local` and writes a `local.run` audit row.
 * An invalid definition, input or mock config is a 422 whose details name each JSON path.
 */
export async function runLocalDefinition(db: Database, run: LocalRun, actor: Actor): Promise<{ executionArn: string; status: string }> {
  let prepared: { definition: StateMachineDefinition; invoker: TaskInvoker };
  try {
    prepared = prepare(run);
  } catch (err) {
    if (err instanceof AppError) await audit(db, actor, "REFUSED", null, { stateMachineName: run.stateMachineName, error: err.message });
    throw err;
  }
  const name = `local-${randomUUID()}`;
  const result = await executeStateMachine({
    definition: prepared.definition,
    input: run.input,
    stateMachineName: run.stateMachineName,
    executionName: name,
    clock: createVirtualClock(Date.now()),
    invoker: prepared.invoker,
    random,
    maxTransitions: localRunMaxTransitions,
    signal: AbortSignal.timeout(localRunTimeoutMs),
  });
  await storeLocalRun(db, result, prepared.definition, run.stateMachineName, name);
  await audit(db, actor, "OK", result.executionArn, { stateMachineName: run.stateMachineName, status: result.status, testCase: run.testCase ?? null });
  return { executionArn: result.executionArn, status: result.status };
}

/** The definition and task invoker of a run; a 422 naming each faulty path. */
function prepare(run: LocalRun): { definition: StateMachineDefinition; invoker: TaskInvoker } {
  const validation = validateDefinition(run.definition);
  if (!validation.ok) {
    const details = validation.errors.map((e) => ({ path: e.path || "/", message: e.message }));
    const message = details.map((e) => `${e.path}: ${e.message}`).join("; ");
    throw new AppError({ code: "unprocessable_entity", message: `invalid definition: ${message}`, details });
  }
  parseJsonOrThrow(run.input, "input");
  return { definition: validation.definition, invoker: getMockInvokerOrThrow(run.mockConfig, run.testCase, run.stateMachineName) };
}

async function audit(db: Database, actor: Actor, outcome: "OK" | "REFUSED", targetId: string | null, details: Record<string, string | null>): Promise<void> {
  await recordAudit(db.prisma, actor, { action: "local.run", targetType: "execution", targetId, details, outcome, resultExecutionArn: targetId });
}
