import type { PrismaClient } from "@/lib/db/generated/client";
import { explainOutcome, type OutcomeExplanation, type OutcomeFacts } from "@/lib/history/explain-outcome";
import { attemptLimits, runningAtEnd, secondsOf, stateByName } from "@/lib/history/outcome-facts";
import type { ScopeSegment } from "@/lib/history/types";
import { getExecutionAttempts } from "./get-execution-attempts";

/** What {@link getOutcomeExplanation} reads of the execution row (the page's detail query has it). */
export interface OutcomeRow {
  readonly id: bigint;
  readonly executionArn: string;
  readonly status: string;
  readonly error: string | null;
  readonly cause: string | null;
  readonly startDate: Date;
  readonly stopDate: Date | null;
  readonly redriveCount: number;
  readonly rootCauseRunKey: string | null;
  readonly rootCauseError: string | null;
  readonly definitionId: number | null;
}

// A StopExecution's audit row is written once AWS answered (and the history re-read): seconds
// after `ExecutionAborted`, by the server's clock rather than AWS's.
const stopAuditWindowMs = 15 * 60_000;

/**
 * Why the execution ended as it did where its error does not say (see `explainOutcome`), from
 * the stored rows: the root-cause run's attempts and their `*Scheduled` events, the runs the
 * end cut short, the definition, and the audit log's `execution.stop`. Reads nothing for an
 * execution that succeeded, runs, or failed other than by a timeout.
 */
export async function getOutcomeExplanation(db: PrismaClient, e: OutcomeRow): Promise<OutcomeExplanation | null> {
  const stopped = e.status === "TIMED_OUT" || e.status === "ABORTED";
  const timedOutTask =
    e.status === "FAILED" &&
    e.rootCauseRunKey !== null &&
    (e.rootCauseError === "States.Timeout" || e.rootCauseError === "States.HeartbeatTimeout");
  if (!stopped && !timedOutTask) return null;
  const definitionText = e.definitionId
    ? ((await db.stateMachineDefinition.findUnique({ where: { id: e.definitionId }, select: { definition: true } }))
        ?.definition ?? null)
    : null;
  const asl = parseDefinition(definitionText);
  const attempts = await getExecutionAttempts(db, e);
  const last = attempts[attempts.length - 1];
  const facts: OutcomeFacts = {
    status: e.status as OutcomeFacts["status"],
    error: e.error,
    cause: e.cause,
    redrive: last?.index ?? 0,
    attemptStartedAt: last?.startedAt ?? e.startDate.toISOString(),
    stoppedAt: e.stopDate?.toISOString() ?? null,
    rootCause: timedOutTask ? await rootCauseOf(db, e, asl) : null,
    runningAtEnd: stopped ? await runningAtEndOf(db, e.id, last?.startEventId ?? 0) : [],
    stateMachineTimeoutSeconds: secondsOf((asl as { TimeoutSeconds?: unknown } | null)?.TimeoutSeconds),
    stoppedBy: e.status === "ABORTED" ? await stoppedByOf(db, e) : null,
  };
  return explainOutcome(facts);
}

function parseDefinition(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A stored definition that is not JSON gives no limits; the events still do.
    return null;
  }
}

async function rootCauseOf(db: PrismaClient, e: OutcomeRow, asl: unknown): Promise<OutcomeFacts["rootCause"]> {
  const run = await db.stateRun.findUnique({
    where: { executionId_key: { executionId: e.id, key: e.rootCauseRunKey ?? "" } },
    include: { attempts: { orderBy: { index: "asc" } } },
  });
  if (!run) return null;
  const scheduled = await db.historyEvent.findMany({
    where: { executionId: e.id, eventId: { in: run.attempts.map((a) => a.startEventId) } },
    select: { eventId: true, details: true },
  });
  const detailsOf = new Map(scheduled.map((s) => [s.eventId, scheduledDetails(s.details)]));
  const stateDef = stateByName(asl, run.name);
  return {
    stateName: run.name,
    stateType: run.stateType,
    scope: run.scope as unknown as ScopeSegment[],
    error: e.rootCauseError,
    attempts: run.attempts.map((a) => ({
      status: a.status,
      error: a.error,
      startedAt: a.startedAt.toISOString(),
      endedAt: a.endedAt?.toISOString() ?? null,
      ...attemptLimits(detailsOf.get(a.startEventId) ?? null, stateDef),
    })),
  };
}

/** The `*EventDetails` object of a stored event (`details` holds the event's members but its id, type and times). */
function scheduledDetails(details: unknown): Readonly<Record<string, unknown>> | null {
  if (typeof details !== "object" || details === null) return null;
  for (const [key, value] of Object.entries(details))
    if (key.endsWith("EventDetails") && typeof value === "object" && value !== null)
      return value as Record<string, unknown>;
  return null;
}

async function runningAtEndOf(db: PrismaClient, executionId: bigint, sinceEventId: number) {
  const runs = await db.stateRun.findMany({
    where: {
      executionId,
      enteredEventId: { gte: sinceEventId },
      exitedEventId: null,
      status: { in: ["ABORTED", "TIMED_OUT", "RUNNING"] },
    },
    orderBy: { enteredEventId: "asc" },
    select: {
      key: true,
      name: true,
      stateType: true,
      scope: true,
      parentKey: true,
      status: true,
      enteredEventId: true,
      exitedEventId: true,
    },
  });
  return runningAtEnd(
    runs.map((r) => ({ ...r, scope: r.scope as unknown as ScopeSegment[] })),
    sinceEventId,
  );
}

async function stoppedByOf(db: PrismaClient, e: OutcomeRow): Promise<OutcomeFacts["stoppedBy"]> {
  const stopMs = e.stopDate?.getTime();
  if (stopMs === undefined) return null;
  const rows = await db.auditLog.findMany({
    where: {
      action: "execution.stop",
      outcome: "OK",
      targetType: "execution",
      targetId: e.executionArn,
      at: {
        gte: new Date(stopMs - stopAuditWindowMs),
        lte: new Date(stopMs + stopAuditWindowMs),
      },
    },
    select: { actor: true, at: true },
  });
  // The StopExecution nearest the abort (a redriven execution may have been stopped before).
  const nearest = rows.sort((a, b) => Math.abs(a.at.getTime() - stopMs) - Math.abs(b.at.getTime() - stopMs))[0];
  return nearest ? { actor: nearest.actor, at: nearest.at.toISOString() } : null;
}
