import type { MapRunReport } from "@/lib/asl/states/map-run-children";
import type { MapRunProgress } from "@/lib/asl/states/map-run-port";
import type { Database } from "@/lib/db/database";
import {
  getSfnEndpointMapRun,
  listSfnEndpointMapRuns,
  type SfnEndpointMapRun,
} from "@/lib/queries/get-sfn-endpoint-map-runs";
import { storeMapRun } from "@/lib/store/store-map-run";
import { epochSeconds, type Operation } from "./endpoint-context";
import { getExecutionOrThrow } from "./get-execution-or-throw";
import { decodePageToken, encodePageToken } from "./page-token";
import { RequestFields } from "./request-fields";
import type { LiveMapRun } from "./live-map-runs";
import { SfnError } from "./sfn-error";
import { storeMapRunChildren } from "./store-map-run-children";

/** The Map Run's stored row from what its run reported (its end) or what was last seen of it (an aborted one). */
function factsOf(executionArn: string, run: Omit<MapRunProgress, "child"> | MapRunReport) {
  return {
    mapRunArn: run.mapRunArn,
    executionArn,
    status: run.status,
    startDate: new Date(run.startDate),
    ...(run.stopDate === undefined ? {} : { stopDate: new Date(run.stopDate) }),
    maxConcurrency: run.maxConcurrency,
    toleratedFailurePercentage: run.toleratedFailurePercentage,
    toleratedFailureCount: run.toleratedFailureCount,
    itemCounts: run.itemCounts,
    executionCounts: run.executionCounts,
  };
}

/**
 * Keeps the Map Runs an execution's run reported (its execution is stored already), each with
 * its child executions: those the run ended (`reports`), and those seen while it ran that it did
 * not end (`live`: stopped inside them, ABORTED, their children not kept). A redrive's run adds its own.
 * What `DescribeMapRun`, `ListMapRuns` and `ListExecutions(mapRunArn)` answer once the execution has ended.
 */
export async function storeEndpointMapRuns(
  db: Database,
  executionArn: string,
  reports: readonly MapRunReport[],
  live: readonly LiveMapRun[],
): Promise<void> {
  for (const report of reports) {
    await storeMapRun(db, factsOf(executionArn, report));
    await storeMapRunChildren(db, executionArn, report.mapRunArn, report.children);
  }
  for (const run of live)
    if (!reports.some((r) => r.mapRunArn === run.progress.mapRunArn))
      await storeMapRun(db, factsOf(executionArn, run.progress));
}

/** A Map Run ARN's form: `arn:aws:states:<region>:<account>:mapRun:<state machine>/<label>:<id>` (`InvalidArn` otherwise). */
export function checkMapRunArn(text: string): void {
  const parts = text.split(":");
  if (!text.startsWith("arn:aws:states:") || parts.length !== 8)
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${text}'`);
  if (parts[5] !== "mapRun")
    throw new SfnError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${parts[5] ?? ""}'`);
  if (!/^[^/]+\/[^/]+$/.test(parts[6] ?? "") || parts[7] === "")
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${text}'`);
}

/** `DescribeMapRun`: a Map Run of an execution the endpoint runs (as it goes on) or ran (kept when its run ended). */
export const describeMapRun: Operation = async (ctx, body) => {
  const arn = new RequestFields(body).string("mapRunArn", 2000);
  checkMapRunArn(arn);
  const live = ctx.runs.mapRuns.get(arn);
  const run = live === null ? await getSfnEndpointMapRun(ctx.db, arn) : fromLive(live);
  if (run === null) throw mapRunNotFound(arn);
  return {
    mapRunArn: run.mapRunArn,
    executionArn: run.executionArn,
    status: run.status,
    startDate: epochSeconds(run.startDate),
    ...(run.stopDate === null ? {} : { stopDate: epochSeconds(run.stopDate) }),
    maxConcurrency: run.maxConcurrency,
    toleratedFailurePercentage: run.toleratedFailurePercentage,
    toleratedFailureCount: run.toleratedFailureCount,
    itemCounts: run.itemCounts,
    executionCounts: run.executionCounts,
    redriveCount: run.redriveCount,
    ...(run.redriveDate === null ? {} : { redriveDate: epochSeconds(run.redriveDate) }),
  };
};

/** AWS's refusal of a Map Run it does not know. */
export function mapRunNotFound(arn: string): SfnError {
  return new SfnError("ResourceNotFound", `Resource not found: '${arn}'`, { resourceName: arn });
}

/** A Map Run of an execution running here, as `DescribeMapRun` reports it (RUNNING, its counts now). */
function fromLive(live: LiveMapRun): SfnEndpointMapRun {
  const { progress } = live;
  return {
    mapRunArn: progress.mapRunArn,
    executionArn: live.executionArn,
    stateMachineArn: live.stateMachineArn,
    status: progress.status,
    startDate: new Date(progress.startDate),
    stopDate: progress.stopDate === undefined ? null : new Date(progress.stopDate),
    maxConcurrency: progress.maxConcurrency,
    toleratedFailurePercentage: progress.toleratedFailurePercentage,
    toleratedFailureCount: progress.toleratedFailureCount,
    itemCounts: { ...progress.itemCounts },
    executionCounts: { ...progress.executionCounts },
    redriveCount: 0,
    redriveDate: null,
  };
}

function listItem(run: SfnEndpointMapRun): Record<string, unknown> {
  return {
    executionArn: run.executionArn,
    mapRunArn: run.mapRunArn,
    stateMachineArn: run.stateMachineArn,
    startDate: epochSeconds(run.startDate),
    ...(run.stopDate === null ? {} : { stopDate: epochSeconds(run.stopDate) }),
  };
}

/** `ListMapRuns` of an execution (Standard only; unknown → `ExecutionDoesNotExist`), newest first, paged (default 100, at most 1000). */
export const listMapRuns: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const row = await getExecutionOrThrow(ctx, fields.string("executionArn"));
  const take = fields.maxResults(100);
  const scope = `ListMapRuns|${row.executionArn}`;
  const skip = decodePageToken(fields.optionalString("nextToken"), scope);
  // Those of the run going on (not stored until it ends), then those stored, newest first.
  const live = ctx.runs.mapRuns.of(row.executionArn).map(fromLive);
  const stored = await listSfnEndpointMapRuns(ctx.db, row.executionArn);
  const runs = [...live, ...stored.filter((s) => !live.some((l) => l.mapRunArn === s.mapRunArn))].sort(
    (a, b) => b.startDate.getTime() - a.startDate.getTime() || (a.mapRunArn < b.mapRunArn ? 1 : -1),
  );
  return {
    mapRuns: runs.slice(skip, skip + take).map(listItem),
    ...(skip + take < runs.length ? { nextToken: encodePageToken(scope, skip + take) } : {}),
  };
};
