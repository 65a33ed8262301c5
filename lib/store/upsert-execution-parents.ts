import { createHash } from "node:crypto";
import type pg from "pg";
import type { ParsedExecution } from "@/lib/history/types";

/*
 * The rows an execution hangs from: its source, its state machine and (when
 * `describe-state-machine` output came along) its definition, each found or created once.
 */

/** The source an execution is stored under; created on first use (kind as given then). */
export interface SourceRef {
  readonly kind: "AWS" | "LOCAL" | "UPLOAD" | "DEMO";
  readonly name: string;
}

export async function upsertSource(client: pg.ClientBase, source: SourceRef): Promise<number> {
  const found = await client.query<{ id: number }>("SELECT id FROM sources WHERE name = $1", [source.name]);
  if (found.rows[0]) return found.rows[0].id;
  // DO UPDATE (not NOTHING) so RETURNING yields the id when a concurrent writer won.
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO sources (kind, name, is_demo) VALUES ($1::source_kind, $2, $1 = 'DEMO')
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [source.kind, source.name],
  );
  return rows[0]!.id;
}

export async function upsertStateMachine(
  client: pg.ClientBase,
  parsed: ParsedExecution,
  sourceId: number,
): Promise<number> {
  const { identity } = parsed;
  const found = await client.query<{ id: number }>("SELECT id FROM state_machines WHERE arn = $1", [
    identity.stateMachineArn,
  ]);
  if (found.rows[0]) return found.rows[0].id;
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO state_machines (arn, name, type, source_id, region, account_id)
     VALUES ($1, $2, $3::workflow_type, $4, $5, $6)
     ON CONFLICT (arn) DO UPDATE SET arn = EXCLUDED.arn RETURNING id`,
    [
      identity.stateMachineArn,
      parsed.stateMachine?.name ?? identity.stateMachineName,
      parsed.stateMachine?.type ?? identity.type,
      sourceId,
      identity.region,
      identity.accountId,
    ],
  );
  return rows[0]!.id;
}

export async function upsertDefinition(
  client: pg.ClientBase,
  parsed: ParsedExecution,
  stateMachineId: number,
): Promise<number | null> {
  const definition = parsed.stateMachine?.definition;
  if (!definition) return null;
  const hash = createHash("sha256").update(definition).digest("hex");
  const { rows } = await client.query<{ id: number }>(
    `WITH inserted AS (
       INSERT INTO state_machine_definitions (state_machine_id, hash, definition, revision_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT (state_machine_id, hash) DO NOTHING RETURNING id)
     SELECT id FROM inserted UNION ALL
     SELECT id FROM state_machine_definitions WHERE state_machine_id = $1 AND hash = $2`,
    [stateMachineId, hash, definition, parsed.stateMachine?.revisionId ?? null],
  );
  return rows[0]?.id ?? null;
}
