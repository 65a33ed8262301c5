import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";
import { PAYLOAD_LIMIT_BYTES } from "@/lib/asl/states/event-details";
import { validateDefinition } from "@/lib/asl/validate-definition";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/client";
import { getMockInvokerSpecsOrThrow } from "./get-mock-invoker-or-throw";
import type { LocalRunJob, LocalRunLimits } from "./local-run-job";
import type { LocalRun } from "./local-run-schema";
import { runLocal, webLocalRunLimits } from "./local-runner";
import { parseJsonOrThrow } from "./parse-json-or-throw";

export { localRunMaxTransitions } from "./local-runner";

/**
 * Runs a definition in the bundled interpreter (isolated, within the web limits) on a virtual
 * clock starting at the wall-clock time, stores its history under the source `local` and
 * writes a `local.run` audit row. An invalid definition, input or mock config is a 422 whose
 * details name each JSON path.
 */
export async function runLocalDefinition(
  db: Database,
  run: LocalRun,
  actor: Actor,
  limits: LocalRunLimits = webLocalRunLimits(),
): Promise<{ executionArn: string; status: string }> {
  const name = `local-${randomUUID()}`;
  const { result } = await runLocal({
    prepare: () => prepare(run, name, limits),
    audit: {
      actor,
      action: "local.run",
      targetId: (result) => result?.executionArn ?? null,
      details: { stateMachineName: run.stateMachineName },
      okDetails: ({ result }) => ({ status: result.status, testCase: run.testCase ?? null }),
    },
    store: { db, stateMachineName: run.stateMachineName, name },
  });
  return { executionArn: result.executionArn, status: result.status };
}

/** The job of a run; a 422 naming each faulty path. */
function prepare(run: LocalRun, name: string, limits: LocalRunLimits): LocalRunJob {
  const validation = validateDefinition(run.definition);
  if (!validation.ok) {
    const details = validation.errors.map((e) => ({ path: e.path || "/", message: e.message }));
    const message = details.map((e) => `${e.path}: ${e.message}`).join("; ");
    throw new AppError({ code: "unprocessable_entity", message: `invalid definition: ${message}`, details });
  }
  parseJsonOrThrow(run.input, "input");
  checkInputSize(run.input, "/input");
  return {
    definition: validation.definition,
    input: run.input,
    stateMachineName: run.stateMachineName,
    executionName: name,
    startMs: Date.now(),
    invokers: getMockInvokerSpecsOrThrow(run.mockConfig, run.testCase, run.stateMachineName),
    limits,
  };
}

/** AWS refuses an execution input over 256 KiB (262,144 bytes of UTF-8). */
export function checkInputSize(input: string, path: string): void {
  const bytes = Buffer.byteLength(input, "utf8");
  if (bytes > PAYLOAD_LIMIT_BYTES) {
    const message = `the input is ${bytes} bytes; an execution input is at most ${PAYLOAD_LIMIT_BYTES} bytes (256 KiB)`;
    throw new AppError({ code: "unprocessable_entity", message, details: [{ path, message }] });
  }
}
