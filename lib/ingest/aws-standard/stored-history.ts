import type pg from "pg";
import type { HistoryEvent } from "@/lib/history/types";

/** What the store holds of one execution. */
export interface StoredExecutionState {
  readonly lastEventId: number;
  readonly historyComplete: boolean;
  readonly redriveCount: number;
  readonly status: string;
}

/** Stored state of each of `arns` that is stored, by ARN. */
export async function getStoredExecutionStates(
  db: Pick<pg.Pool, "query">,
  arns: readonly string[],
): Promise<Map<string, StoredExecutionState>> {
  if (arns.length === 0) return new Map();
  const { rows } = await db.query<{
    execution_arn: string;
    last_event_id: number;
    history_complete: boolean;
    redrive_count: number;
    status: string;
  }>(
    "SELECT execution_arn, last_event_id, history_complete, redrive_count, status FROM executions WHERE execution_arn = ANY($1)",
    [arns],
  );
  return new Map(
    rows.map((r) => [
      r.execution_arn,
      {
        lastEventId: r.last_event_id,
        historyComplete: r.history_complete,
        redriveCount: r.redrive_count,
        status: r.status,
      },
    ]),
  );
}

/** The stored events of an execution in id order, as canonical `HistoryEvent`s. */
export async function getStoredEvents(db: Pick<pg.Pool, "query">, executionArn: string): Promise<HistoryEvent[]> {
  const { rows } = await db.query<{
    event_id: number;
    previous_event_id: number;
    ts: string;
    type: string;
    details: Record<string, unknown>;
  }>(
    `SELECT h.event_id, h.previous_event_id, to_char(h.timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts, h.type, h.details
       FROM history_events h JOIN executions e ON e.id = h.execution_id
      WHERE e.execution_arn = $1 ORDER BY h.event_id`,
    [executionArn],
  );
  return rows.map(
    (r) =>
      ({
        id: r.event_id,
        previousEventId: r.previous_event_id,
        timestamp: r.ts,
        type: r.type,
        ...r.details,
      }) as HistoryEvent,
  );
}

/** ARNs of this source's Standard executions whose history is not complete yet (running, or read only in part). */
export async function getOpenExecutionArns(
  db: Pick<pg.Pool, "query">,
  sourceId: number,
  stateMachineArn: string,
): Promise<string[]> {
  const { rows } = await db.query<{ execution_arn: string }>(
    `SELECT e.execution_arn FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
      WHERE e.source_id = $1 AND m.arn = $2 AND e.type = 'STANDARD' AND NOT e.history_complete`,
    [sourceId, stateMachineArn],
  );
  return rows.map((r) => r.execution_arn);
}

/** The advisory lock (`hashtextextended(key, 0)`) held by whoever fetches the execution's pages. */
export function executionLockKey(executionArn: string): string {
  return `stepscope:execution:${executionArn}`;
}

const sessionTails = new WeakMap<pg.ClientBase, Promise<unknown>>();

/** Runs `query` on `client` after the queries queued on it before (one connection runs one query at a time). */
function onSession<T>(client: pg.ClientBase, query: () => Promise<T>): Promise<T> {
  const turn = (sessionTails.get(client) ?? Promise.resolve()).then(query, query);
  sessionTails.set(
    client,
    turn.catch(() => {}),
  );
  return turn;
}

/**
 * Runs `fn` holding the execution's advisory lock on `lockClient`'s session; null (without
 * running) when another session holds it. Any number of lanes may share one `lockClient`.
 */
export async function withExecutionLock<T>(
  lockClient: pg.ClientBase,
  executionArn: string,
  fn: () => Promise<T>,
): Promise<T | null> {
  const key = executionLockKey(executionArn);
  const { rows } = await onSession(lockClient, () =>
    lockClient.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [key]),
  );
  if (!rows[0]?.ok) return null;
  try {
    return await fn();
  } finally {
    await onSession(lockClient, () => lockClient.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]));
  }
}
