import { getSfnEndpointTags } from "@/lib/queries/get-sfn-endpoint-tags";
import { sfnEndpointRows } from "@/lib/store/sfn-endpoint-rows";
import { sfnEndpointTagRows, type SfnTag } from "@/lib/store/sfn-endpoint-tag-rows";
import type { EndpointContext, Operation } from "./endpoint-context";
import { RequestFields } from "./request-fields";
import { parseStateMachineArn } from "./sfn-arns";
import { SfnError, validationError } from "./sfn-error";

/** AWS: at most 50 tags on a resource. */
const maxTags = 50;

/** `tags` of TagResource, CreateStateMachine, CreateActivity: `[{key, value}]`, keys 1–128 characters, values up to 256. */
export function tagsOf(body: Readonly<Record<string, unknown>>): SfnTag[] {
  const value = body["tags"];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new SfnError("SerializationException", "tags must be a list");
  return value.map((item: unknown, i) => {
    const tag = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    const member = `tags.${i + 1}.member`;
    const key = tag["key"];
    const text = tag["value"] ?? "";
    if (typeof key !== "string" || typeof text !== "string")
      throw new SfnError("SerializationException", `${member} must have a string key and value`);
    if (key.length < 1)
      throw validationError(`${member}.key`, "Member must have length greater than or equal to 1", key);
    if (key.length > 128)
      throw validationError(`${member}.key`, "Member must have length less than or equal to 128", key);
    if (text.length > 256)
      throw validationError(`${member}.value`, "Member must have length less than or equal to 256", text);
    return { key, value: text };
  });
}

/** The resource a tagging request names: a state machine (unqualified) or an activity that exists. */
async function taggableOrThrow(ctx: EndpointContext, arn: string): Promise<string> {
  const parts = arn.split(":");
  const type = parts[5] ?? "";
  if (!arn.startsWith("arn:aws:states:") || parts.length < 7)
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  if (type === "stateMachine") {
    const ref = parseStateMachineArn(arn);
    if (ref.versionArn !== undefined || ref.aliasArn !== undefined)
      throw new SfnError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
    if ((await sfnEndpointRows.getStateMachine(ctx.db.prisma, arn)) !== null) return arn;
  } else if (type === "activity" && parts.length === 7) {
    if ((await sfnEndpointRows.getActivity(ctx.db.prisma, arn)) !== null) return arn;
  } else throw new SfnError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${type}'`);
  throw new SfnError("ResourceNotFound", `Resource not found: '${arn}'`, { resourceName: arn });
}

/** Stores a new resource's tags, or refuses them (`TooManyTags`) before it is created. */
export function checkTagCount(arn: string, tags: readonly SfnTag[], existing: readonly SfnTag[] = []): void {
  const keys = new Set([...existing.map((t) => t.key), ...tags.map((t) => t.key)]);
  if (keys.size > maxTags)
    throw new SfnError("TooManyTags", `The resource '${arn}' would have ${keys.size} tags; the limit is ${maxTags}`, {
      resourceName: arn,
    });
}

/** `TagResource`: adds tags (a key it has takes the new value). */
export const tagResource: Operation = async (ctx, body) => {
  const arn = await taggableOrThrow(ctx, new RequestFields(body).string("resourceArn", 256));
  if (body["tags"] === undefined || body["tags"] === null) throw validationError("tags", "Member must not be null");
  const tags = tagsOf(body);
  checkTagCount(arn, tags, await getSfnEndpointTags(ctx.db.prisma, arn));
  await sfnEndpointTagRows.setTags(ctx.db.prisma, arn, tags);
  return {};
};

/** `UntagResource`: removes keys (ones it does not have are ignored). */
export const untagResource: Operation = async (ctx, body) => {
  const arn = await taggableOrThrow(ctx, new RequestFields(body).string("resourceArn", 256));
  const keys = body["tagKeys"];
  if (keys === undefined || keys === null) throw validationError("tagKeys", "Member must not be null");
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== "string"))
    throw new SfnError("SerializationException", "tagKeys must be a list of strings");
  await sfnEndpointTagRows.removeTags(ctx.db.prisma, arn, keys as string[]);
  return {};
};

/** `ListTagsForResource`. */
export const listTagsForResource: Operation = async (ctx, body) => {
  const arn = await taggableOrThrow(ctx, new RequestFields(body).string("resourceArn", 256));
  return { tags: await getSfnEndpointTags(ctx.db.prisma, arn) };
};
