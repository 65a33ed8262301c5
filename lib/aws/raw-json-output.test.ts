import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateLargeHistory } from "@/lib/examples/generate-large-history";
import { addExecutionsToFake } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";
import { withRawJsonOutput } from "./raw-json-output";

let fake: FakeAws;
let sfn: SFNClient;

beforeAll(async () => {
  fake = await startFakeAws();
  addExecutionsToFake(fake.state, [
    await generateLargeHistory({ seed: 3, targetEvents: 300, startedAt: new Date("2026-01-01T00:00:00Z") }),
  ]);
  sfn = new SFNClient({
    region: "us-east-1",
    endpoint: fake.url,
    credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  sfn.destroy();
  await fake.close();
});

describe("withRawJsonOutput", () => {
  it("returns the page as AWS sent it: the SDK's events with epoch-second timestamps, and $metadata", async () => {
    const executionArn = fake.state.executions[0]!.executionArn;
    const input = { executionArn, maxResults: 100, includeExecutionData: true };
    const sdk = await sfn.send(new GetExecutionHistoryCommand(input));
    const raw = (await sfn.send(withRawJsonOutput(new GetExecutionHistoryCommand(input)))) as unknown as {
      events: { id: number; timestamp: number }[];
      nextToken?: string;
      $metadata: { httpStatusCode?: number };
    };
    expect(raw.$metadata.httpStatusCode).toBe(200);
    expect(raw.events).toHaveLength(100);
    expect(typeof raw.nextToken).toBe("string");
    expect(raw.events.map((e) => typeof e.timestamp)).toEqual(raw.events.map(() => "number"));
    // Same events, member for member, once the SDK's Dates are turned back into epoch seconds.
    expect(raw.events).toEqual(
      sdk.events!.map((e) => ({ ...JSON.parse(JSON.stringify(e)), timestamp: e.timestamp!.getTime() / 1000 })),
    );
  });

  it("leaves error responses to the SDK: a fault still arrives as the named exception with its status", async () => {
    const executionArn = fake.state.executions[0]!.executionArn;
    fake.faults.push({ op: "GetExecutionHistory", kind: "access-denied" });
    const error = await sfn.send(withRawJsonOutput(new GetExecutionHistoryCommand({ executionArn }))).then(
      () => null,
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
    );
    expect(error?.name).toBe("AccessDeniedException");
    expect(error?.$metadata?.httpStatusCode).toBe(400);
  });

  it("touches only the command it wraps", async () => {
    const executionArn = fake.state.executions[0]!.executionArn;
    await sfn.send(withRawJsonOutput(new GetExecutionHistoryCommand({ executionArn, maxResults: 1 })));
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.startDate).toBeInstanceOf(Date);
  });
});
