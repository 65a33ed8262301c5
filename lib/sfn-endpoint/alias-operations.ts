import { sfnEndpointAliasRows, type SfnAliasRow } from "@/lib/store/sfn-endpoint-alias-rows";
import { routingOrThrow } from "./alias-routing";
import { epochSeconds, type EndpointContext, type Operation } from "./endpoint-context";
import { decodePageToken, encodePageToken } from "./page-token";
import { RequestFields } from "./request-fields";
import { aliasNamePattern, parseStateMachineArn } from "./sfn-arns";
import { SfnError, validationError } from "./sfn-error";
import { stateMachineOrThrow } from "./state-machine-operations";

/** AWS: at most 100 aliases a state machine. */
const maxAliases = 100;

/** An alias ARN's alias (`InvalidArn` when the ARN names no alias). */
function aliasArnOrThrow(arnText: string): string {
  const ref = parseStateMachineArn(arnText);
  if (ref.aliasArn === undefined) throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid alias ARN: ${arnText}'`);
  return ref.aliasArn;
}

/** The alias an ARN names; `ResourceNotFound` when there is none. */
export async function aliasOrThrow(ctx: EndpointContext, arnText: string): Promise<SfnAliasRow> {
  const alias = await sfnEndpointAliasRows.getAlias(ctx.db.prisma, aliasArnOrThrow(arnText));
  if (alias === null) throw new SfnError("ResourceNotFound", "Request references a resource that does not exist.");
  return alias;
}

function checkAliasName(name: string): void {
  if (name.length > 80) throw validationError("name", "Member must have length less than or equal to 80", name);
  if (!aliasNamePattern.test(name))
    throw validationError("name", `Member must satisfy regular expression pattern: ${aliasNamePattern.source}`, name);
}

const sameRouting = (a: SfnAliasRow["routing"], b: SfnAliasRow["routing"]): boolean =>
  a.length === b.length &&
  a.every((r, i) => r.stateMachineVersionArn === b[i]?.stateMachineVersionArn && r.weight === b[i]?.weight);

/**
 * `CreateStateMachineAlias`: a name routing StartExecution to one or two versions by weight.
 * Idempotent as AWS's: the same name, description and routing answer the existing alias; the
 * same name otherwise is a `ConflictException`.
 */
export const createStateMachineAlias: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const name = fields.string("name", 1000);
  checkAliasName(name);
  const description = fields.optionalString("description", 256) ?? null;
  const { routes, stateMachineArn } = await routingOrThrow(ctx, body["routingConfiguration"]);
  await stateMachineOrThrow(ctx, stateMachineArn);
  const arn = `${stateMachineArn}:${name}`;
  const existing = await sfnEndpointAliasRows.getAlias(ctx.db.prisma, arn);
  if (existing === null && (await sfnEndpointAliasRows.countAliases(ctx.db.prisma, stateMachineArn)) >= maxAliases)
    throw new SfnError(
      "ServiceQuotaExceededException",
      `The state machine '${stateMachineArn}' has ${maxAliases} aliases, the most it may have`,
    );
  const now = new Date();
  const created =
    existing === null &&
    (await sfnEndpointAliasRows.insertAlias(ctx.db.prisma, {
      arn,
      stateMachineArn,
      name,
      description,
      routing: routes,
      createdAt: now,
    }));
  const alias = created ? null : (existing ?? (await sfnEndpointAliasRows.getAlias(ctx.db.prisma, arn)));
  if (alias !== null && (alias.description !== description || !sameRouting(alias.routing, routes)))
    throw new SfnError(
      "ConflictException",
      "Failed to create alias because an alias with the same name and a different routing configuration already exists.",
    );
  return { stateMachineAliasArn: arn, creationDate: epochSeconds(alias?.createdAt ?? now) };
};

/** `DescribeStateMachineAlias`. */
export const describeStateMachineAlias: Operation = async (ctx, body) => {
  const alias = await aliasOrThrow(ctx, new RequestFields(body).string("stateMachineAliasArn"));
  return {
    stateMachineAliasArn: alias.arn,
    name: alias.name,
    ...(alias.description === null ? {} : { description: alias.description }),
    routingConfiguration: alias.routing,
    creationDate: epochSeconds(alias.createdAt),
    updateDate: epochSeconds(alias.updatedAt),
  };
};

/** `UpdateStateMachineAlias`: a new description and/or routing; executions already started keep their version. */
export const updateStateMachineAlias: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const arnText = fields.string("stateMachineAliasArn");
  aliasArnOrThrow(arnText);
  const description = fields.optionalString("description", 256);
  const routingGiven = body["routingConfiguration"] !== undefined && body["routingConfiguration"] !== null;
  if (description === undefined && !routingGiven)
    throw new SfnError(
      "MissingRequiredParameter",
      "Either the description or the RoutingConfiguration must be specified",
    );
  const alias = await aliasOrThrow(ctx, arnText);
  const routing = routingGiven ? await routingOrThrow(ctx, body["routingConfiguration"]) : null;
  if (routing !== null && routing.stateMachineArn !== alias.stateMachineArn)
    throw new SfnError(
      "ValidationException",
      `Routing configuration must contain versions of the alias's state machine '${alias.stateMachineArn}'`,
    );
  const now = new Date();
  const updated = await sfnEndpointAliasRows.updateAlias(ctx.db.prisma, alias.arn, {
    ...(description === undefined ? {} : { description }),
    ...(routing === null ? {} : { routing: routing.routes }),
    updatedAt: now,
  });
  if (!updated) throw new SfnError("ResourceNotFound", "Request references a resource that does not exist.");
  return { updateDate: epochSeconds(now) };
};

/** `DeleteStateMachineAlias` (idempotent): the versions it routed to stay. */
export const deleteStateMachineAlias: Operation = async (ctx, body) => {
  const arn = aliasArnOrThrow(new RequestFields(body).string("stateMachineAliasArn"));
  await sfnEndpointAliasRows.deleteAlias(ctx.db.prisma, arn);
  return {};
};

/** `ListStateMachineAliases` of a state machine, oldest first, paged. */
export const listStateMachineAliases: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const arnText = fields.string("stateMachineArn");
  const ref = parseStateMachineArn(arnText);
  if (ref.versionArn !== undefined || ref.aliasArn !== undefined)
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${arnText}'`);
  const machine = await stateMachineOrThrow(ctx, ref.arn);
  const take = fields.maxResults(100);
  const scope = `ListStateMachineAliases|${machine.arn}`;
  const skip = decodePageToken(fields.optionalString("nextToken"), scope);
  const rows = await sfnEndpointAliasRows.listAliases(ctx.db.prisma, machine.arn, skip, take + 1);
  return {
    stateMachineAliases: rows
      .slice(0, take)
      .map((a) => ({ stateMachineAliasArn: a.arn, creationDate: epochSeconds(a.createdAt) })),
    ...(rows.length > take ? { nextToken: encodePageToken(scope, skip + take) } : {}),
  };
};
