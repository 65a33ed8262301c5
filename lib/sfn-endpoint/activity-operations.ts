import { sfnEndpointRows, type SfnActivityRow } from "@/lib/store/sfn-endpoint-rows";
import { epochSeconds, type EndpointContext, type Operation } from "./endpoint-context";
import { decodePageToken, encodePageToken } from "./page-token";
import { RequestFields } from "./request-fields";
import { checkName } from "./sfn-arns";
import { SfnError } from "./sfn-error";
import { checkTagCount, tagsOf } from "./tag-operations";
import { sfnEndpointTagRows } from "@/lib/store/sfn-endpoint-tag-rows";

function checkActivityArn(arn: string): void {
  const parts = arn.split(":");
  if (!arn.startsWith("arn:aws:states:") || parts.length !== 7)
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  if (parts[5] !== "activity")
    throw new SfnError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${parts[5] ?? ""}'`);
}

async function activityOrThrow(ctx: EndpointContext, arn: string): Promise<SfnActivityRow> {
  checkActivityArn(arn);
  const row = await sfnEndpointRows.getActivity(ctx.db.prisma, arn);
  if (row === null) throw new SfnError("ActivityDoesNotExist", `Activity Does Not Exist: '${arn}'`);
  return row;
}

/** `CreateActivity` (idempotent: the same name answers the existing activity). */
export const createActivity: Operation = async (ctx, body) => {
  const name = new RequestFields(body).string("name");
  checkName(name);
  const arn = `arn:aws:states:${ctx.scope.region}:${ctx.scope.accountId}:activity:${name}`;
  const tags = tagsOf(body);
  checkTagCount(arn, tags);
  const row = await sfnEndpointRows.insertActivity(ctx.db.prisma, { arn, name, createdAt: new Date() });
  if (tags.length > 0) await sfnEndpointTagRows.setTags(ctx.db.prisma, arn, tags);
  return { activityArn: row.arn, creationDate: epochSeconds(row.createdAt) };
};

/** `DescribeActivity`. */
export const describeActivity: Operation = async (ctx, body) => {
  const row = await activityOrThrow(ctx, new RequestFields(body).string("activityArn"));
  return { activityArn: row.arn, name: row.name, creationDate: epochSeconds(row.createdAt) };
};

/** `ListActivities`, oldest first, paged. */
export const listActivities: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const take = fields.maxResults(100);
  const skip = decodePageToken(fields.optionalString("nextToken"), "ListActivities");
  const rows = await sfnEndpointRows.listActivities(ctx.db.prisma, skip, take + 1);
  return {
    activities: rows
      .slice(0, take)
      .map((r) => ({ activityArn: r.arn, name: r.name, creationDate: epochSeconds(r.createdAt) })),
    ...(rows.length > take ? { nextToken: encodePageToken("ListActivities", skip + take) } : {}),
  };
};

/** `DeleteActivity` (idempotent). */
export const deleteActivity: Operation = async (ctx, body) => {
  const arn = new RequestFields(body).string("activityArn");
  checkActivityArn(arn);
  await sfnEndpointRows.deleteActivity(ctx.db.prisma, arn);
  await sfnEndpointTagRows.deleteTagsOf(ctx.db.prisma, arn);
  return {};
};

/** `GetActivityTask`: a task of the activity for `workerName` (`taskToken`, `input`), or `{}` after 60 s without one. */
export const getActivityTask: Operation = async (ctx, body) => {
  const fields = new RequestFields(body);
  const row = await activityOrThrow(ctx, fields.string("activityArn"));
  const task = await ctx.runs.tasks.takeActivityTask(row.arn, fields.optionalString("workerName", 80));
  return task === null ? {} : { taskToken: task.token, input: task.input };
};
