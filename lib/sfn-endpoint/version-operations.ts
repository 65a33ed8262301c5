import { sfnEndpointAliasRows } from "@/lib/store/sfn-endpoint-alias-rows";
import { sfnEndpointRows } from "@/lib/store/sfn-endpoint-rows";
import { epochSeconds, type Operation } from "./endpoint-context";
import { decodePageToken, encodePageToken } from "./page-token";
import { RequestFields } from "./request-fields";
import { parseStateMachineArn } from "./sfn-arns";
import { SfnError } from "./sfn-error";
import { stateMachineOrThrow } from "./state-machine-operations";

/** `PublishStateMachineVersion`: the current revision as the next version (the same version when that revision is published already). */
export const publishStateMachineVersion: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const row = await stateMachineOrThrow(ctx, fields.string("stateMachineArn"));
  if (row.versionOf !== null)
    throw new SfnError("ValidationException", `'${row.arn}' is a version; publish from the state machine's ARN`);
  const revisionId = fields.optionalString("revisionId");
  if (revisionId !== undefined && revisionId !== row.revisionId)
    throw new SfnError(
      "ConflictException",
      `Failed to publish the state machine version: the revision ID '${revisionId}' does not match the current revision ID '${row.revisionId}'`,
    );
  const version = await sfnEndpointRows.publishVersion(
    ctx.db.prisma,
    row.arn,
    fields.optionalString("description") ?? null,
    new Date(),
  );
  return { stateMachineVersionArn: version.arn, creationDate: epochSeconds(version.createdAt) };
};

/** `ListStateMachineVersions`, newest first. */
export const listStateMachineVersions: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const row = await stateMachineOrThrow(ctx, fields.string("stateMachineArn"));
  const take = fields.maxResults(100);
  const scope = `ListStateMachineVersions|${row.arn}`;
  const skip = decodePageToken(fields.optionalString("nextToken"), scope);
  const rows = await sfnEndpointRows.listVersions(ctx.db.prisma, row.arn, skip, take + 1);
  return {
    stateMachineVersions: rows
      .slice(0, take)
      .map((v) => ({ stateMachineVersionArn: v.arn, creationDate: epochSeconds(v.createdAt) })),
    ...(rows.length > take ? { nextToken: encodePageToken(scope, skip + take) } : {}),
  };
};

/** `DeleteStateMachineVersion` (idempotent); `ConflictException` naming the aliases that still route to the version. */
export const deleteStateMachineVersion: Operation = async (ctx, body) => {
  const arnText = new RequestFields(body).string("stateMachineVersionArn");
  const ref = parseStateMachineArn(arnText);
  if (ref.versionArn === undefined)
    throw new SfnError("ValidationException", `'${arnText}' is not a version ARN (<state machine ARN>:<version>)`);
  const versionArn = ref.versionArn;
  const routing = (await sfnEndpointAliasRows.listAliases(ctx.db.prisma, ref.arn)).filter((a) =>
    a.routing.some((r) => r.stateMachineVersionArn === versionArn),
  );
  if (routing.length > 0)
    throw new SfnError(
      "ConflictException",
      `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${routing.map((a) => a.name).join(", ")}]`,
    );
  await sfnEndpointRows.deleteVersion(ctx.db.prisma, versionArn);
  return {};
};
