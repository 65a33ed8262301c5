import {
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
} from "@aws-sdk/client-sfn";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateLargeHistory } from "@/lib/examples/generate-large-history";
import { addExecutionsToFake, expressLogMessages } from "./fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "./fake-aws-server";

const credentials = { accessKeyId: "AKIDFAKE", secretAccessKey: "secret" };
let fake: FakeAws;
let sfn: SFNClient;

beforeAll(async () => {
  fake = await startFakeAws({
    enforceQuotas: true,
    quotaOverrides: { ListStateMachines: { capacity: 2, refillPerSecond: 0.001 } },
  });
  addExecutionsToFake(fake.state, [
    await generateLargeHistory({ seed: 1, targetEvents: 2_500, startedAt: new Date("2026-01-01T00:00:00Z") }),
  ]);
  sfn = new SFNClient({ region: "us-east-1", endpoint: fake.url, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  sfn.destroy();
  await fake.close();
});

describe("fake AWS", () => {
  it("serves a history over all pages to the real SDK client, timestamps as Dates", async () => {
    const [execution] = fake.state.executions;
    let nextToken: string | undefined;
    const ids: number[] = [];
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({
          executionArn: execution!.executionArn,
          maxResults: 1000,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      for (const e of page.events ?? []) {
        expect(e.timestamp).toBeInstanceOf(Date);
        ids.push(e.id ?? 0);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    expect(ids).toHaveLength(execution!.events.length);
    expect(ids[0]).toBe(1);
    const first = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: execution!.executionArn, reverseOrder: true, maxResults: 1 }),
    );
    expect(first.events?.[0]?.id).toBe(execution!.events.length);
  });

  it("lists executions newest first", async () => {
    const page = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: fake.state.stateMachines[0]!.stateMachineArn }),
    );
    expect(page.executions?.[0]?.startDate).toBeInstanceOf(Date);
  });

  it("answers throttled calls with a ThrottlingException the SDK names", async () => {
    const names: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await sfn.send(new ListStateMachinesCommand({})).catch((error: Error) => names.push(error.name));
    }
    expect(names).toEqual(["ThrottlingException"]);
  });

  it("injects an expired token, a 5xx and AccessDenied", async () => {
    const arn = fake.state.executions[0]!.executionArn;
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 10 }));
    fake.faults.push(
      { op: "GetExecutionHistory", kind: "expired-token" },
      { op: "GetExecutionHistory", kind: "server-error" },
      { op: "GetExecutionHistory", kind: "access-denied" },
    );
    const errorOf = (p: Promise<unknown>): Promise<{ name: string; status: number | undefined }> =>
      p.then(
        () => ({ name: "none", status: undefined }),
        (e: Error & { $metadata?: { httpStatusCode?: number } }) => ({
          name: e.name,
          status: e.$metadata?.httpStatusCode,
        }),
      );
    expect(
      await errorOf(sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, nextToken: page.nextToken! }))),
    ).toEqual({ name: "InvalidToken", status: 400 });
    expect((await errorOf(sfn.send(new GetExecutionHistoryCommand({ executionArn: arn })))).status).toBe(500);
    expect((await errorOf(sfn.send(new GetExecutionHistoryCommand({ executionArn: arn })))).name).toBe(
      "AccessDeniedException",
    );
  });

  it("serves CloudWatch Logs FilterLogEvents over JSON 1.1", async () => {
    const execution = fake.state.executions[0]!;
    fake.state.logGroups.set(
      "/aws/vendedlogs/states/x",
      expressLogMessages(execution.executionArn, execution.events.slice(0, 5)).map((m) => ({
        ...m,
        logStreamName: "s",
      })),
    );
    const logs = new CloudWatchLogsClient({ region: "us-east-1", endpoint: fake.url, credentials, maxAttempts: 1 });
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/vendedlogs/states/x", limit: 3 }));
    expect(page.events).toHaveLength(3);
    expect(typeof page.events?.[0]?.timestamp).toBe("number");
    expect(page.nextToken).toBeTruthy();
    logs.destroy();
  });
});
