import type { MapRunSettings } from "@/lib/asl/states/map-run-port";
import { getSfnEndpointMapRun, listSfnEndpointMapRunChildren } from "@/lib/queries/get-sfn-endpoint-map-runs";
import { epochSeconds, type EndpointContext, type Operation } from "./endpoint-context";
import { checkMapRunArn, mapRunNotFound } from "./map-run-operations";
import { decodePageToken, encodePageToken } from "./page-token";
import { RequestFields } from "./request-fields";
import { SfnError, validationError } from "./sfn-error";
import { mapRunStateMachineArn } from "./store-map-run-children";

/** A number member of `UpdateMapRun` within AWS's range (`integer`: whole), or undefined when absent. */
function bounded(
  body: Readonly<Record<string, unknown>>,
  member: string,
  range: { readonly max?: number; readonly integer: boolean },
): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || (range.integer && !Number.isInteger(value)))
    throw new SfnError("SerializationException", `${member} must be ${range.integer ? "an integer" : "a number"}`);
  if (value < 0) throw validationError(member, "Member must have value greater than or equal to 0", value);
  if (range.max !== undefined && value > range.max)
    throw validationError(member, `Member must have value less than or equal to ${range.max}`, value);
  return value;
}

/**
 * `UpdateMapRun` of a running Map Run: `maxConcurrency`, `toleratedFailureCount` and
 * `toleratedFailurePercentage` govern it from its next child on (a failure count already past the
 * new tolerance fails it when its running child ends). Refusals: a value out of AWS's range →
 * `ValidationException`, none of the three given → `ValidationException` (our wording), malformed
 * ARN → `InvalidArn`, unknown → `ResourceNotFound`, a Map Run that has ended → `ValidationException` (our wording).
 */
export const updateMapRun: Operation = async (ctx, body) => {
  const arn = new RequestFields(body).string("mapRunArn", 2000);
  const maxConcurrency = bounded(body, "maxConcurrency", { integer: true });
  const toleratedFailureCount = bounded(body, "toleratedFailureCount", { integer: true });
  const toleratedFailurePercentage = bounded(body, "toleratedFailurePercentage", { max: 100, integer: false });
  checkMapRunArn(arn);
  const settings: Partial<MapRunSettings> = {
    ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
    ...(toleratedFailureCount === undefined ? {} : { toleratedFailureCount }),
    ...(toleratedFailurePercentage === undefined ? {} : { toleratedFailurePercentage }),
  };
  if (Object.keys(settings).length === 0)
    throw new SfnError(
      "ValidationException",
      "At least one of maxConcurrency, toleratedFailureCount or toleratedFailurePercentage must be given",
    );
  if (ctx.runs.updateMapRun(arn, settings)) return {};
  const stored = await getSfnEndpointMapRun(ctx.db, arn);
  if (stored === null) throw mapRunNotFound(arn);
  throw new SfnError(
    "ValidationException",
    `Map Run ${arn} has ended (${stored.status}): only a running one can be updated`,
  );
};

/** `ListExecutions(mapRunArn)` options, validated by `ListExecutions`. */
export interface MapRunListing {
  readonly mapRunArn: string;
  readonly status: string | undefined;
  readonly redriveFilter: string | undefined;
  readonly take: number;
  readonly nextToken: string | undefined;
}

/**
 * `ListExecutions` of a Map Run: its child executions newest first (those seen so far while its
 * execution runs here, the stored ones after), each with `mapRunArn` and `itemCount` (one item a child).
 */
export async function listMapRunExecutions(ctx: EndpointContext, listing: MapRunListing): Promise<unknown> {
  const { mapRunArn } = listing;
  checkMapRunArn(mapRunArn);
  const live = ctx.runs.mapRuns.get(mapRunArn);
  let children: { executionArn: string; name: string; status: string; startDate: Date; stopDate: Date | null }[];
  if (live !== null)
    children = [...live.children.values()]
      .map((c) => ({
        executionArn: c.executionArn,
        name: c.name,
        status: c.status,
        startDate: new Date(c.startDate),
        stopDate: c.stopDate === undefined ? null : new Date(c.stopDate),
      }))
      .reverse();
  else if ((await getSfnEndpointMapRun(ctx.db, mapRunArn)) !== null)
    children = await listSfnEndpointMapRunChildren(ctx.db, mapRunArn);
  else throw mapRunNotFound(mapRunArn);
  // A Map Run's children are never redriven one by one here.
  const matching = children.filter(
    (c) => (listing.status === undefined || c.status === listing.status) && listing.redriveFilter !== "REDRIVEN",
  );
  const scope = `ListExecutions|${mapRunArn}|${listing.status ?? ""}|${listing.redriveFilter ?? ""}`;
  const skip = decodePageToken(listing.nextToken, scope);
  const stateMachineArn = mapRunStateMachineArn(mapRunArn);
  return {
    executions: matching.slice(skip, skip + listing.take).map((c) => ({
      executionArn: c.executionArn,
      stateMachineArn,
      name: c.name,
      status: c.status,
      startDate: epochSeconds(c.startDate),
      ...(c.stopDate === null ? {} : { stopDate: epochSeconds(c.stopDate) }),
      mapRunArn,
      itemCount: 1,
    })),
    ...(skip + listing.take < matching.length ? { nextToken: encodePageToken(scope, skip + listing.take) } : {}),
  };
}
