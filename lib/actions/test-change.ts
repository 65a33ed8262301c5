import "server-only";
import { randomUUID } from "node:crypto";
import { validateDefinition } from "@/lib/asl/validate-definition";
import type { StateMachineDefinition } from "@/lib/asl/types";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import { AppError } from "@/lib/errors/app-error";
import { describeReplayComparison } from "@/lib/execution-view/describe-replay-comparison";
import { webLocalRunLimits } from "@/lib/local-runs/local-runner";
import { testRecordings, type RecordingTestResult } from "@/lib/local-runs/test-recordings";
import { executionListParamsSchema } from "@/lib/queries/execution-list-params";
import { getRecordedExecution, type RecordedExecution } from "@/lib/queries/get-recorded-execution";
import { getStateMachineByArn } from "@/lib/queries/get-state-machine-by-arn";
import { listExecutions } from "@/lib/queries/list-executions";
import { parseListQuery } from "@/lib/queries/query-language/parse-list-query";
import { QuerySyntaxError } from "@/lib/queries/query-language/query-syntax-error";
import { recordAuditAlone } from "@/lib/store/record-audit";
import { setReplayOf } from "@/lib/store/set-replay-of";
import { getReplayName } from "./replay-name";
import type { TestChangeAnswer, TestChangeRequest, TestedExecution } from "./test-change-request";

const action = "state_machine.test";

/**
 * "Test a change" on a state machine's page: replays the chosen recorded executions of the
 * machine (newest first, local runs left out) against a changed definition in the one local
 * runner, isolated and with the web's limits, each Task answered from its own recording. Every
 * replay is stored as a local execution, a replay of its original (so the page links each to its
 * Compare tab); one audit row `state_machine.test` says what was tested and how many changed
 * (REFUSED for a bad definition or query, FAILED when the interpreter could not run one).
 */
export async function testChange(
  db: Database,
  actor: Actor,
  stateMachineArn: string,
  request: TestChangeRequest,
): Promise<TestChangeAnswer> {
  const machine = await getStateMachineByArn(db, stateMachineArn);
  if (machine === null)
    throw new AppError({ code: "not_found", message: `State machine ${stateMachineArn} not found` });
  const audit = (outcome: "OK" | "REFUSED" | "FAILED", details: Record<string, unknown>) =>
    recordAuditAlone(db, actor, {
      action,
      targetType: "state_machine",
      targetId: stateMachineArn,
      details: { selection: request.selection, ...details },
      outcome,
    });
  let definition: StateMachineDefinition;
  try {
    definition = checkRequest(request);
  } catch (err) {
    if (err instanceof AppError) await audit("REFUSED", { error: err.message });
    throw err;
  }
  const selection = request.selection;
  const params = executionListParamsSchema.parse({
    stateMachine: stateMachineArn,
    exclude: "local",
    pageSize: selection.count,
    ...(selection.kind === "failure-group" ? { signature: selection.signature } : {}),
    ...(selection.kind === "query" ? { q: selection.q } : {}),
  });
  const { rows } = await listExecutions(db.prisma, params);
  const recorded = (await Promise.all(rows.map((r) => getRecordedExecution(db.prisma, r.executionArn)))).filter(
    (r): r is RecordedExecution => r !== null,
  );
  const byArn = new Map(recorded.map((r) => [r.executionArn, r]));
  const suffix = `-test-${randomUUID().slice(0, 8)}`;
  let results: RecordingTestResult[];
  try {
    results = await testRecordings(
      recorded.map((r) => ({ ...r, origin: r.executionArn })),
      {
        definition,
        limits: webLocalRunLimits(),
        store: (recording) => ({
          db,
          stateMachineName: recording.stateMachineName,
          name: getReplayName(recording.name, suffix),
          inTransaction: async (client, stored) => {
            await setReplayOf(client, stored.executionId, byArn.get(recording.executionArn)!.id);
          },
        }),
      },
    );
  } catch (err) {
    await audit("FAILED", { error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  const startDates = new Map(rows.map((r) => [r.executionArn, r.startDate]));
  const executions = results.map((r) => answerOf(r, startDates.get(r.recording.executionArn) ?? ""));
  const changed = executions.filter((e) => e.verdict !== "unchanged").length;
  await audit("OK", { tested: executions.length, changed });
  return { stateMachineArn, tested: executions.length, changed, executions };
}

/** The definition, validated; a 422 naming the JSON path of a fault (`/definition/States/…`) or the query's column. */
function checkRequest(request: TestChangeRequest): StateMachineDefinition {
  if (request.selection.kind === "query") {
    try {
      parseListQuery(request.selection.q);
    } catch (error) {
      if (!(error instanceof QuerySyntaxError)) throw error;
      throw new AppError({
        code: "unprocessable_entity",
        message: `q: ${error.message}`,
        details: [{ path: "/selection/q", message: error.message }],
      });
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.definition) as unknown;
  } catch (err) {
    const message = `not JSON: ${err instanceof Error ? err.message : String(err)}`;
    throw new AppError({
      code: "unprocessable_entity",
      message: `the definition is ${message}`,
      details: [{ path: "/definition", message }],
    });
  }
  const validation = validateDefinition(parsed);
  if (validation.ok) return validation.definition;
  const details = validation.errors.map((e) => ({ path: `/definition${e.path}`, message: e.message }));
  throw new AppError({
    code: "unprocessable_entity",
    message: `the definition is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`,
    details,
  });
}

function answerOf(r: RecordingTestResult, startDate: string): TestedExecution {
  const common = { executionArn: r.recording.executionArn, name: r.recording.name, startDate };
  if (r.type === "not-replayed")
    return {
      ...common,
      verdict: "error",
      summary: `not replayed: ${r.reason}`,
      recordedStatus: "",
      replayedStatus: null,
      replayArn: null,
      unresolvedTasks: [],
    };
  const c = r.comparison;
  return {
    ...common,
    verdict: c.changed ? "changed" : "unchanged",
    summary: describeReplayComparison(c),
    recordedStatus: c.recorded.status,
    replayedStatus: c.replayed.status,
    replayArn: r.replayArn,
    unresolvedTasks: [...new Set(r.unresolvedTasks)],
  };
}
