import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-sfn";
import { callAws } from "@/lib/aws/call-aws";
import { withRawJsonOutput } from "@/lib/aws/raw-json-output";
import type { StateMachineInfo } from "@/lib/history/types";
import type { AwsSyncContext } from "./aws-sync-context";
import {
  describedExecutionSchema,
  describedMapRunSchema,
  describedStateMachineSchema,
  executionListPageSchema,
  historyPageSchema,
  mapRunListPageSchema,
  stateMachineListPageSchema,
  tagListSchema,
  type DescribedExecutionOutput,
  type DescribedMapRun,
  type ExecutionListItem,
} from "./sfn-page-schemas";

type Ctx = Pick<AwsSyncContext, "clients" | "call" | "report">;

/** Every state machine of the account and region (`ListStateMachines`, all pages). */
export async function listStateMachines(
  ctx: Ctx,
): Promise<{ stateMachineArn: string; name: string; type: "STANDARD" | "EXPRESS" }[]> {
  const out: { stateMachineArn: string; name: string; type: "STANDARD" | "EXPRESS" }[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = stateMachineListPageSchema.parse(
      await callAws(ctx.call, "ListStateMachines", (options) =>
        ctx.clients.sfn.send(
          new ListStateMachinesCommand({ maxResults: 1000, ...(token ? { nextToken: token } : {}) }),
          options,
        ),
      ),
    );
    out.push(...page.stateMachines.map((m) => ({ stateMachineArn: m.stateMachineArn, name: m.name, type: m.type })));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** The tags of a state machine (`ListTagsForResource`). */
export async function listTags(ctx: Ctx, resourceArn: string): Promise<Map<string, string>> {
  const page = tagListSchema.parse(
    await callAws(ctx.call, "ListTagsForResource", (options) =>
      ctx.clients.sfn.send(new ListTagsForResourceCommand({ resourceArn }), options),
    ),
  );
  return new Map(page.tags.map((t) => [t.key ?? "", t.value ?? ""]));
}

/** `DescribeStateMachine` as `lib/history`'s {@link StateMachineInfo}. */
export async function describeStateMachine(ctx: Ctx, stateMachineArn: string): Promise<StateMachineInfo> {
  const m = describedStateMachineSchema.parse(
    await callAws(ctx.call, "DescribeStateMachine", (options) =>
      ctx.clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }), options),
    ),
  );
  return {
    stateMachineArn: m.stateMachineArn,
    name: m.name,
    type: m.type,
    definition: m.definition,
    roleArn: m.roleArn ?? null,
    revisionId: m.revisionId ?? null,
    loggingConfiguration: m.loggingConfiguration ?? null,
  };
}

/** Filters of {@link listExecutions}: a state machine or a Map Run, optionally only redriven ones. */
export type ExecutionListFilter =
  { readonly stateMachineArn: string; readonly redriven?: boolean } | { readonly mapRunArn: string };

/**
 * `ListExecutions` pages, newest first (AWS's order), one item at a time; the caller stops
 * iterating when it reaches what it already knows, and no further page is fetched.
 */
export async function* listExecutions(ctx: Ctx, filter: ExecutionListFilter): AsyncGenerator<ExecutionListItem> {
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const input = {
      maxResults: 1000,
      ...("mapRunArn" in filter ? { mapRunArn: filter.mapRunArn } : { stateMachineArn: filter.stateMachineArn }),
      ...("redriven" in filter && filter.redriven ? { redriveFilter: "REDRIVEN" as const } : {}),
      ...(token ? { nextToken: token } : {}),
    };
    const page = executionListPageSchema.parse(
      await callAws(ctx.call, "ListExecutions", (options) =>
        ctx.clients.sfn.send(new ListExecutionsCommand(input), options),
      ),
    );
    yield* page.executions;
    nextToken = page.nextToken;
  } while (nextToken);
}

export async function describeExecution(ctx: Ctx, executionArn: string): Promise<DescribedExecutionOutput> {
  return describedExecutionSchema.parse(
    await callAws(ctx.call, "DescribeExecution", (options) =>
      ctx.clients.sfn.send(new DescribeExecutionCommand({ executionArn }), options),
    ),
  );
}

/** One `GetExecutionHistory` page of up to 1,000 events (`includeExecutionData` on), as AWS sent it (raw JSON). */
export async function getHistoryPage(
  ctx: Ctx,
  executionArn: string,
  reverseOrder: boolean,
  nextToken: string | undefined,
) {
  const page = historyPageSchema.parse(
    await callAws(ctx.call, "GetExecutionHistory", (options) =>
      ctx.clients.sfn.send(
        withRawJsonOutput(
          new GetExecutionHistoryCommand({
            executionArn,
            maxResults: 1000,
            reverseOrder,
            includeExecutionData: true,
            ...(nextToken ? { nextToken } : {}),
          }),
        ),
        options,
      ),
    ),
  );
  ctx.report({ pagesFetched: 1 });
  return page;
}

/** The Map Runs a Distributed Map execution started (`ListMapRuns`, all pages). */
export async function listMapRuns(ctx: Ctx, executionArn: string): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = mapRunListPageSchema.parse(
      await callAws(ctx.call, "ListMapRuns", (options) =>
        ctx.clients.sfn.send(
          new ListMapRunsCommand({ executionArn, maxResults: 1000, ...(token ? { nextToken: token } : {}) }),
          options,
        ),
      ),
    );
    out.push(...page.mapRuns.map((r) => r.mapRunArn));
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** A Map Run's status, limits and item / child execution counts (`DescribeMapRun`). */
export async function describeMapRun(ctx: Ctx, mapRunArn: string): Promise<DescribedMapRun> {
  return describedMapRunSchema.parse(
    await callAws(ctx.call, "DescribeMapRun", (options) =>
      ctx.clients.sfn.send(new DescribeMapRunCommand({ mapRunArn }), options),
    ),
  );
}
