import type { MapRunReport } from "@/lib/asl/states/map-run-children";
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
import { SfnError } from "./sfn-error";

/**
 * Keeps the Map Runs an execution's run reported (its execution is stored already): a redrive's
 * run adds its own. What `DescribeMapRun` and `ListMapRuns` answer.
 */
export async function storeEndpointMapRuns(
  db: Database,
  executionArn: string,
  mapRuns: readonly MapRunReport[],
): Promise<void> {
  for (const run of mapRuns)
    await storeMapRun(db, {
      mapRunArn: run.mapRunArn,
      executionArn,
      status: run.status,
      startDate: new Date(run.startDate),
      stopDate: new Date(run.stopDate),
      maxConcurrency: run.maxConcurrency,
      toleratedFailurePercentage: run.toleratedFailurePercentage,
      toleratedFailureCount: run.toleratedFailureCount,
      itemCounts: run.itemCounts,
      executionCounts: run.executionCounts,
    });
}

/** A Map Run ARN's form: `arn:aws:states:<region>:<account>:mapRun:<state machine>/<label>:<id>` (`InvalidArn` otherwise). */
function checkMapRunArn(text: string): void {
  const parts = text.split(":");
  if (!text.startsWith("arn:aws:states:") || parts.length !== 8)
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${text}'`);
  if (parts[5] !== "mapRun")
    throw new SfnError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${parts[5] ?? ""}'`);
  if (!/^[^/]+\/[^/]+$/.test(parts[6] ?? "") || parts[7] === "")
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${text}'`);
}

/** `DescribeMapRun`: a Map Run of an execution the endpoint ran (kept when its run ended). */
export const describeMapRun: Operation = async (ctx, body) => {
  const arn = new RequestFields(body).string("mapRunArn", 2000);
  checkMapRunArn(arn);
  const run = await getSfnEndpointMapRun(ctx.db, arn);
  if (run === null) throw new SfnError("ResourceNotFound", `Resource not found: '${arn}'`, { resourceName: arn });
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
  const runs = await listSfnEndpointMapRuns(ctx.db, row.executionArn);
  return {
    mapRuns: runs.slice(skip, skip + take).map(listItem),
    ...(skip + take < runs.length ? { nextToken: encodePageToken(scope, skip + take) } : {}),
  };
};
