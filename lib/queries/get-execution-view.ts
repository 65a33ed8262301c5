import type { PrismaClient } from "@/lib/db/generated/client";
import type { ScopeSegment, StateRunStatus } from "@/lib/history/types";
import type { ExecutionViewData, ViewAttempt, ViewExecutionAttempt } from "@/lib/execution-view/view-types";
import type { ExecutionAttempt } from "@/lib/history/derive-execution-attempts";
import { getExecutionAttempts } from "./get-execution-attempts";

interface RunRow {
  key: string;
  name: string;
  state_type: string;
  scope: ScopeSegment[];
  parent_key: string | null;
  entered_event_id: number;
  exited_event_id: number | null;
  start_ms: number;
  end_ms: number | null;
  status: StateRunStatus;
  error: string | null;
  /** `[index, startMs, endMs, status, error, backoffMs]` per attempt, built in SQL. */
  attempts: [number, number, number | null, ViewAttempt["status"], string | null, number | null][];
}

/**
 * The definition and every state run with its attempts (no payloads) for the Graph and
 * Timeline tabs; null when the execution is unknown. Reads the derived rows, never raw
 * events; attempts are aggregated in SQL so a 25,000-event history is one round trip.
 */
export async function getExecutionView(db: PrismaClient, executionArn: string): Promise<ExecutionViewData | null> {
  const e = await db.execution.findUnique({
    where: { executionArn },
    select: {
      id: true,
      startDate: true,
      stopDate: true,
      redriveCount: true,
      definition: { select: { definition: true } },
    },
  });
  if (!e) return null;
  const attempts = (await getExecutionAttempts(db, e)).map(toViewAttempt);
  const rows = await db.$queryRaw<RunRow[]>`
    SELECT r.key, r.name, r.state_type, r.scope, r.parent_key, r.entered_event_id, r.exited_event_id,
           (extract(epoch FROM r.entered_at) * 1000)::float8 AS start_ms,
           (extract(epoch FROM r.exited_at) * 1000)::float8 AS end_ms,
           r.status::text AS status, r.error,
           coalesce((SELECT json_agg(json_build_array(a.index, (extract(epoch FROM a.started_at) * 1000)::float8,
                                                      (extract(epoch FROM a.ended_at) * 1000)::float8, a.status::text, a.error, a.backoff_ms)
                                     ORDER BY a.index)
                       FROM attempts a WHERE a.state_run_id = r.id), '[]'::json) AS attempts
      FROM state_runs r
     WHERE r.execution_id = ${e.id}
     ORDER BY r.entered_event_id`;
  return {
    definition: e.definition?.definition ?? null,
    startMs: e.startDate.getTime(),
    endMs: e.stopDate?.getTime() ?? null,
    runs: rows.map((r) => ({
      key: r.key,
      name: r.name,
      stateType: r.state_type,
      scope: r.scope,
      parentKey: r.parent_key,
      enteredEventId: r.entered_event_id,
      exitedEventId: r.exited_event_id,
      startMs: Math.round(r.start_ms),
      endMs: r.end_ms === null ? null : Math.round(r.end_ms),
      status: r.status,
      error: r.error,
      attempts: r.attempts.map(([index, startMs, endMs, status, error, backoffMs]) => ({
        index,
        startMs: Math.round(startMs),
        endMs: endMs === null ? null : Math.round(endMs),
        status,
        error,
        backoffMs,
      })),
    })),
    attempts,
  };
}

/** An execution attempt as the view carries it (epoch ms). */
export function toViewAttempt(a: ExecutionAttempt): ViewExecutionAttempt {
  return {
    index: a.index,
    startEventId: a.startEventId,
    startMs: Date.parse(a.startedAt),
    endMs: a.endedAt === null ? null : Date.parse(a.endedAt),
    status: a.status,
    error: a.error,
  };
}

/**
 * {@link getExecutionView} as JSON text built by Postgres in one statement: the route sends
 * it as it is, so a 25,000-event history's 4,000 runs are never turned into JavaScript
 * objects and back on the server. Null when the execution is unknown.
 */
export async function getExecutionViewJson(db: PrismaClient, executionArn: string): Promise<string | null> {
  const e = await db.execution.findUnique({ where: { executionArn }, select: { id: true, redriveCount: true } });
  if (!e) return null;
  const attempts = JSON.stringify((await getExecutionAttempts(db, e)).map(toViewAttempt));
  const rows = await db.$queryRaw<{ json: string }[]>`
    SELECT json_build_object(
             'definition', d.definition,
             'startMs', round(extract(epoch FROM e.start_date) * 1000),
             'endMs', round(extract(epoch FROM e.stop_date) * 1000),
             'runs', coalesce((
               SELECT json_agg(json_build_object(
                        'key', r.key, 'name', r.name, 'stateType', r.state_type, 'scope', r.scope, 'parentKey', r.parent_key,
                        'enteredEventId', r.entered_event_id, 'exitedEventId', r.exited_event_id,
                        'startMs', round(extract(epoch FROM r.entered_at) * 1000),
                        'endMs', round(extract(epoch FROM r.exited_at) * 1000),
                        'status', r.status::text, 'error', r.error,
                        'attempts', coalesce((
                          SELECT json_agg(json_build_object(
                                   'index', a.index,
                                   'startMs', round(extract(epoch FROM a.started_at) * 1000),
                                   'endMs', round(extract(epoch FROM a.ended_at) * 1000),
                                   'status', a.status::text, 'error', a.error, 'backoffMs', a.backoff_ms) ORDER BY a.index)
                            FROM attempts a WHERE a.state_run_id = r.id), '[]'::json))
                      ORDER BY r.entered_event_id)
                 FROM state_runs r WHERE r.execution_id = e.id), '[]'::json)
           )::text AS json
      FROM executions e LEFT JOIN state_machine_definitions d ON d.id = e.definition_id
     WHERE e.id = ${e.id}`;
  const json = rows[0]?.json;
  // The attempts (a few small objects) are added to the object Postgres built, as its last member.
  return json === undefined ? null : `${json.slice(0, -1)},"attempts":${attempts}}`;
}
