import { createHash } from "node:crypto";
import { validateDefinition } from "@/lib/asl/validate-definition";
import { sfnEndpointAliasRows } from "@/lib/store/sfn-endpoint-alias-rows";
import { sfnEndpointRows, type SfnStateMachineRow } from "@/lib/store/sfn-endpoint-rows";
import { checkDefinitionOrThrow, diagnosticCode } from "./check-definition";
import { epochSeconds, type EndpointContext, type Operation } from "./endpoint-context";
import { checkExpressDefinitionOrThrow, findExpressFault } from "./express-definition";
import { decodePageToken, encodePageToken } from "./page-token";
import { RequestFields } from "./request-fields";
import { checkName, checkRoleArn, parseStateMachineArn, stateMachineArnOf } from "./sfn-arns";
import { SfnError, validationError } from "./sfn-error";
import { checkTagCount, tagsOf } from "./tag-operations";
import { sfnEndpointTagRows } from "@/lib/store/sfn-endpoint-tag-rows";

const maxDefinitionChars = 1_048_576;

/** The state machine (or version) an ARN names; `StateMachineDoesNotExist` as AWS words it. */
export async function stateMachineOrThrow(ctx: EndpointContext, arnText: string): Promise<SfnStateMachineRow> {
  const ref = parseStateMachineArn(arnText);
  if (ref.aliasArn !== undefined)
    throw new SfnError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: alias: ${arnText}'`);
  const row = await sfnEndpointRows.getStateMachine(ctx.db.prisma, ref.versionArn ?? ref.arn);
  if (row === null) throw new SfnError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arnText}'`);
  return row;
}

function typeOf(fields: RequestFields): "STANDARD" | "EXPRESS" {
  const type = fields.optionalString("type") ?? "STANDARD";
  if (type !== "STANDARD" && type !== "EXPRESS")
    throw validationError("type", "Member must satisfy enum value set: [STANDARD, EXPRESS]", type);
  return type;
}

function settingsOf(fields: RequestFields, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const logging = fields.optionalObject("loggingConfiguration");
  const tracing = fields.optionalObject("tracingConfiguration");
  return {
    ...previous,
    ...(logging === undefined ? {} : { loggingConfiguration: logging }),
    ...(tracing === undefined ? {} : { tracingConfiguration: tracing }),
  };
}

function revisionOf(definition: string, roleArn: string, settings: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([definition, roleArn, settings]))
    .digest("hex")
    .slice(0, 32);
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** `CreateStateMachine`: a second create of the same name with the same definition, role and type is answered as the first (AWS's idempotency); anything else is `StateMachineAlreadyExists`. */
export const createStateMachine: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const name = fields.string("name");
  const definition = fields.string("definition", maxDefinitionChars);
  const roleArn = fields.string("roleArn");
  const type = typeOf(fields);
  checkName(name);
  checkRoleArn(roleArn);
  const parsed = checkDefinitionOrThrow(definition);
  checkExpressDefinitionOrThrow(parsed, type === "EXPRESS");
  const arn = stateMachineArnOf(ctx.scope, name);
  const tags = tagsOf(body);
  checkTagCount(arn, tags);
  const settings = settingsOf(fields);
  const now = new Date();
  const created = await sfnEndpointRows.insertStateMachine(ctx.db.prisma, {
    arn,
    name,
    type,
    definition,
    roleArn,
    description: null,
    revisionId: revisionOf(definition, roleArn, settings),
    versionOf: null,
    version: null,
    settings,
    createdAt: now,
  });
  const row = (await sfnEndpointRows.getStateMachine(ctx.db.prisma, arn))!;
  if (!created && (row.definition !== definition || row.roleArn !== roleArn || row.type !== type))
    throw new SfnError("StateMachineAlreadyExists", `State Machine Already Exists: '${arn}'`);
  if (created && tags.length > 0) await sfnEndpointTagRows.setTags(ctx.db.prisma, arn, tags);
  const published =
    fields.optionalBoolean("publish") === true
      ? await sfnEndpointRows.publishVersion(
          ctx.db.prisma,
          arn,
          fields.optionalString("versionDescription") ?? null,
          now,
        )
      : null;
  return {
    stateMachineArn: arn,
    creationDate: epochSeconds(row.createdAt),
    ...(published === null ? {} : { stateMachineVersionArn: published.arn }),
  };
};

/** `DescribeStateMachine` of a state machine or one of its versions. */
export const describeStateMachine: Operation = async (ctx, body) => {
  const row = await stateMachineOrThrow(ctx, new RequestFields(body).string("stateMachineArn"));
  const settings = asRecord(row.settings);
  return {
    stateMachineArn: row.arn,
    name: row.name,
    status: "ACTIVE",
    definition: row.definition,
    roleArn: row.roleArn,
    type: row.type,
    creationDate: epochSeconds(row.createdAt),
    loggingConfiguration: settings["loggingConfiguration"] ?? { level: "OFF", includeExecutionData: false },
    tracingConfiguration: settings["tracingConfiguration"] ?? { enabled: false },
    revisionId: row.revisionId,
    ...(row.description === null ? {} : { description: row.description }),
  };
};

/** `ListStateMachines`, oldest first, paged (`maxResults` up to 1000, default 100). */
export const listStateMachines: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const take = fields.maxResults(100);
  const skip = decodePageToken(fields.optionalString("nextToken"), "ListStateMachines");
  const rows = await sfnEndpointRows.listStateMachines(ctx.db.prisma, skip, take + 1);
  return {
    stateMachines: rows.slice(0, take).map((r) => ({
      stateMachineArn: r.arn,
      name: r.name,
      type: r.type,
      creationDate: epochSeconds(r.createdAt),
    })),
    ...(rows.length > take ? { nextToken: encodePageToken("ListStateMachines", skip + take) } : {}),
  };
};

/** `DeleteStateMachine` (idempotent, as AWS's): the state machine, its versions and aliases go; running executions run on. A version ARN is refused (`DeleteStateMachineVersion` deletes one). */
export const deleteStateMachine: Operation = async (ctx, body) => {
  const arnText = new RequestFields(body).string("stateMachineArn");
  const ref = parseStateMachineArn(arnText);
  if (ref.versionArn !== undefined)
    throw new SfnError(
      "ValidationException",
      `The state machine ARN '${arnText}' is qualified; DeleteStateMachine takes an unqualified ARN (delete a version with DeleteStateMachineVersion)`,
    );
  if (ref.aliasArn !== undefined)
    throw new SfnError(
      "ValidationException",
      `The state machine ARN '${arnText}' is qualified; DeleteStateMachine takes an unqualified ARN (delete an alias with DeleteStateMachineAlias)`,
    );
  await sfnEndpointRows.deleteStateMachine(ctx.db.prisma, ref.arn);
  await sfnEndpointAliasRows.deleteAliasesOf(ctx.db.prisma, ref.arn);
  await sfnEndpointTagRows.deleteTagsOf(ctx.db.prisma, ref.arn);
  return {};
};

/** `UpdateStateMachine`: a new definition, role, logging or tracing configuration; `publish` makes the result a version. */
export const updateStateMachine: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const arnText = fields.string("stateMachineArn");
  const ref = parseStateMachineArn(arnText);
  if (ref.versionArn !== undefined || ref.aliasArn !== undefined)
    throw new SfnError(
      "ValidationException",
      `The state machine ARN '${arnText}' is qualified; UpdateStateMachine takes an unqualified ARN`,
    );
  const row = await stateMachineOrThrow(ctx, ref.arn);
  const definition = fields.optionalString("definition", maxDefinitionChars);
  const roleArn = fields.optionalString("roleArn");
  const changesSettings = body["loggingConfiguration"] !== undefined || body["tracingConfiguration"] !== undefined;
  if (definition === undefined && roleArn === undefined && !changesSettings)
    throw new SfnError(
      "MissingRequiredParameter",
      "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified",
    );
  if (definition !== undefined) {
    const parsed = checkDefinitionOrThrow(definition);
    checkExpressDefinitionOrThrow(parsed, row.type === "EXPRESS");
  }
  if (roleArn !== undefined) checkRoleArn(roleArn);
  const settings = settingsOf(fields, asRecord(row.settings));
  const next = { definition: definition ?? row.definition, roleArn: roleArn ?? row.roleArn };
  const revisionId = revisionOf(next.definition, next.roleArn, settings);
  const now = new Date();
  await sfnEndpointRows.updateStateMachine(ctx.db.prisma, row.arn, { ...next, revisionId, settings, updatedAt: now });
  const published =
    fields.optionalBoolean("publish") === true
      ? await sfnEndpointRows.publishVersion(
          ctx.db.prisma,
          row.arn,
          fields.optionalString("versionDescription") ?? null,
          now,
        )
      : null;
  return {
    updateDate: epochSeconds(now),
    revisionId,
    ...(published === null ? {} : { stateMachineVersionArn: published.arn }),
  };
};

/** `ValidateStateMachineDefinition`: `OK`, or `FAIL` with one diagnostic per fault (its code, message and JSON path). */
export const validateStateMachineDefinition: Operation = (_ctx, body) => {
  const fields = new RequestFields(body);
  const definition = fields.string("definition", maxDefinitionChars);
  const type = typeOf(fields);
  const max = fields.maxResults(100, 100);
  const validation = validateDefinition(definition);
  if (validation.ok) {
    const fault = findExpressFault(validation.definition, type === "EXPRESS");
    const diagnostics = fault === null ? [] : [{ severity: "ERROR", code: "SCHEMA_VALIDATION_FAILED", ...fault }];
    return Promise.resolve({ result: fault === null ? "OK" : "FAIL", diagnostics, truncated: false });
  }
  const diagnostics = validation.errors.map((e) => ({
    severity: "ERROR",
    code: diagnosticCode(e),
    message: e.message,
    location: `/${e.path.replace(/^\//, "")}`,
  }));
  return Promise.resolve({
    result: "FAIL",
    diagnostics: diagnostics.slice(0, max),
    truncated: diagnostics.length > max,
  });
};
