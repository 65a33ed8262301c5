import type { Database } from "@/lib/db/database";

/** A Map Run of an execution the Step Functions endpoint ran, as `DescribeMapRun` reports it. */
export interface SfnEndpointMapRun {
  readonly mapRunArn: string;
  readonly executionArn: string;
  /** The state machine of the execution that started it. */
  readonly stateMachineArn: string;
  readonly status: string;
  readonly startDate: Date;
  readonly stopDate: Date | null;
  readonly maxConcurrency: number;
  readonly toleratedFailurePercentage: number;
  readonly toleratedFailureCount: number;
  readonly itemCounts: Record<string, number>;
  readonly executionCounts: Record<string, number>;
  readonly redriveCount: number;
  readonly redriveDate: Date | null;
}

interface Row {
  map_run_arn: string;
  execution_arn: string;
  state_machine_arn: string;
  status: string;
  start_date: Date;
  stop_date: Date | null;
  max_concurrency: number;
  tolerated_failure_percentage: number;
  tolerated_failure_count: string;
  item_counts: Record<string, number>;
  execution_counts: Record<string, number>;
  redrive_count: number;
  redrive_date: Date | null;
}

// Only the Map Runs of the endpoint's own executions (not those synced from AWS).
const select = `SELECT m.map_run_arn, x.execution_arn, x.state_machine_arn, m.status, m.start_date, m.stop_date, m.max_concurrency,
                       m.tolerated_failure_percentage, m.tolerated_failure_count::text, m.item_counts, m.execution_counts,
                       m.redrive_count, m.redrive_date
                  FROM map_runs m
                  JOIN executions e ON e.id = m.execution_id
                  JOIN sfn_endpoint_executions x ON x.execution_arn = e.execution_arn`;

function toMapRun(r: Row): SfnEndpointMapRun {
  return {
    mapRunArn: r.map_run_arn,
    executionArn: r.execution_arn,
    stateMachineArn: r.state_machine_arn,
    status: r.status,
    startDate: r.start_date,
    stopDate: r.stop_date,
    maxConcurrency: r.max_concurrency,
    toleratedFailurePercentage: r.tolerated_failure_percentage,
    toleratedFailureCount: Number(r.tolerated_failure_count),
    itemCounts: r.item_counts,
    executionCounts: r.execution_counts,
    redriveCount: r.redrive_count,
    redriveDate: r.redrive_date,
  };
}

/** A Map Run of one of the endpoint's executions, by its ARN; null when there is none. */
export async function getSfnEndpointMapRun(
  db: Pick<Database, "pool">,
  mapRunArn: string,
): Promise<SfnEndpointMapRun | null> {
  const { rows } = await db.pool.query<Row>(`${select} WHERE m.map_run_arn = $1`, [mapRunArn]);
  return rows[0] === undefined ? null : toMapRun(rows[0]);
}

/** The Map Runs one of the endpoint's executions started, newest first. */
export async function listSfnEndpointMapRuns(
  db: Pick<Database, "pool">,
  executionArn: string,
): Promise<SfnEndpointMapRun[]> {
  const { rows } = await db.pool.query<Row>(
    `${select} WHERE x.execution_arn = $1 ORDER BY m.start_date DESC, m.map_run_arn DESC`,
    [executionArn],
  );
  return rows.map(toMapRun);
}

/** A child execution of one of the endpoint's Map Runs, as `ListExecutions(mapRunArn)` lists it. */
export interface SfnEndpointMapRunChild {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: Date;
  readonly stopDate: Date | null;
}

/** The stored child executions of a Map Run, newest first. */
export async function listSfnEndpointMapRunChildren(
  db: Pick<Database, "pool">,
  mapRunArn: string,
): Promise<SfnEndpointMapRunChild[]> {
  const { rows } = await db.pool.query<{
    execution_arn: string;
    name: string;
    status: string;
    start_date: Date;
    stop_date: Date | null;
  }>(
    `SELECT execution_arn, name, status, start_date, stop_date FROM executions
      WHERE map_run_arn = $1 ORDER BY start_date DESC, execution_arn DESC`,
    [mapRunArn],
  );
  return rows.map((r) => ({
    executionArn: r.execution_arn,
    name: r.name,
    status: r.status,
    startDate: r.start_date,
    stopDate: r.stop_date,
  }));
}
