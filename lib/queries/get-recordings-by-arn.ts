import type { Database } from "@/lib/db/database";
import type { HistoryEvent } from "@/lib/history/types";
import { readHistories } from "./read-histories";

/** What replaying a stored execution against another definition needs of it. */
export interface StoredRecording {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  /** The execution input as recorded; null when the history holds none. */
  readonly input: string | null;
  readonly inputTruncated: boolean;
  /** Its history, in id order. */
  readonly events: readonly HistoryEvent[];
}

interface Row {
  id: string;
  execution_arn: string;
  name: string;
  state_machine_name: string;
  state_machine_arn: string;
  input: string | null;
  input_truncated: boolean;
}

/**
 * The stored executions of `arns` with their histories, in `arns`' order (unknown ARNs left
 * out): two round trips whatever their number, so a page of a long selection costs what one
 * execution's read does.
 */
export async function getRecordingsByArn(db: Database, arns: readonly string[]): Promise<StoredRecording[]> {
  if (arns.length === 0) return [];
  const { rows } = await db.pool.query<Row>(
    `SELECT e.id::text, e.execution_arn, e.name, sm.name AS state_machine_name, sm.arn AS state_machine_arn,
            e.input, e.input_truncated
       FROM executions e JOIN state_machines sm ON sm.id = e.state_machine_id
      WHERE e.execution_arn = ANY($1::text[])`,
    [arns],
  );
  const byExecution = await readHistories(
    db,
    rows.map((r) => r.id),
  );
  const byArn = new Map(rows.map((r) => [r.execution_arn, r]));
  return arns.flatMap((arn) => {
    const r = byArn.get(arn);
    if (r === undefined) return [];
    return [
      {
        executionArn: r.execution_arn,
        name: r.name,
        stateMachineName: r.state_machine_name,
        stateMachineArn: r.state_machine_arn,
        input: r.input,
        inputTruncated: r.input_truncated,
        events: byExecution.get(r.id) ?? [],
      },
    ];
  });
}

/** The first of `arns` no stored execution has, or undefined (a page of 1,000 ARNs a round trip). */
export async function findUnknownArn(db: Database, arns: readonly string[]): Promise<string | undefined> {
  const known = new Set<string>();
  for (let at = 0; at < arns.length; at += 1000) {
    const { rows } = await db.pool.query<{ execution_arn: string }>(
      "SELECT execution_arn FROM executions WHERE execution_arn = ANY($1::text[])",
      [arns.slice(at, at + 1000)],
    );
    for (const row of rows) known.add(row.execution_arn);
  }
  return arns.find((arn) => !known.has(arn));
}
