import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { startSfnEndpoint, type SfnEndpoint, type SfnEndpointOptions } from "@/lib/sfn-endpoint/sfn-endpoint-server";
import { createTestDatabase, type TestDatabase } from "@/test/db";

/** A test of the endpoint's executions: they run in runner processes, whose starts take seconds on a loaded machine. */
export const endpointTestTimeoutMs = 180_000;

/** The role every test state machine is created with. */
export const roleArn = "arn:aws:iam::123456789012:role/local";

/** The real SDK client pointed at a local endpoint. */
export function sfnClientFor(url: string): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    // StartSyncExecution's host prefix (`sync-`) does not resolve for a local endpoint.
    disableHostPrefix: true,
  });
}

/** Creates a state machine through the SDK; its ARN. */
export async function createMachine(
  sfn: SFNClient,
  name: string,
  definition: unknown,
  type?: "EXPRESS",
): Promise<string> {
  const created = await sfn.send(
    new CreateStateMachineCommand({
      name,
      definition: JSON.stringify(definition),
      roleArn,
      ...(type === undefined ? {} : { type }),
    }),
  );
  return created.stateMachineArn!;
}

/** Waits (up to 60 s: each execution starts a process of its own, slow on a loaded machine) until DescribeExecution answers `status`. */
export async function waitForStatus(sfn: SFNClient, executionArn: string, status: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(described.status).toBe(status);
    },
    { timeout: 60_000, interval: 50 },
  );
}

/** The whole history, read page by page. */
export async function historyOf(sfn: SFNClient, executionArn: string, maxResults = 100): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/**
 * The token a waiting `.waitForTaskToken` Task sent (its `TaskScheduled` parameters' `MessageBody.token`).
 * `after`: only a Task scheduled after the last event of this type (`ExecutionRedriven`: the redriven run's, not the failed one's).
 */
export async function waitForToken(sfn: SFNClient, executionArn: string, after?: string): Promise<string> {
  let token = "";
  await vi.waitFor(
    async () => {
      const all = await historyOf(sfn, executionArn);
      const from = after === undefined ? 0 : all.findLastIndex((e) => e.type === after);
      expect(from).toBeGreaterThanOrEqual(0);
      const events = all.slice(from);
      const started = events.filter((e) => e.type === "TaskStarted").length;
      const scheduled = events.filter((e) => e.type === "TaskScheduled").at(-1);
      expect(started).toBeGreaterThan(0);
      expect(started).toBe(events.filter((e) => e.type === "TaskScheduled").length);
      const parameters = JSON.parse(scheduled!.taskScheduledEventDetails!.parameters!) as {
        MessageBody: { token: string };
      };
      token = parameters.MessageBody.token;
    },
    { timeout: 60_000, interval: 50 },
  );
  return token;
}

/** The refusal a call ends in (HTTP 400): the SDK's error name and message. */
export async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    expect(e.$metadata?.httpStatusCode).toBe(400);
    return { name: e.name, message: e.message };
  }
  throw new Error("the call was not refused");
}

/** A test file's endpoint: its database, the endpoint and an SDK client for it (see {@link useSfnEndpoint}). */
export interface EndpointWorld {
  readonly db: TestDatabase;
  readonly endpoint: SfnEndpoint;
  readonly sfn: SFNClient;
  /** Closes the endpoint and starts another on the same database, as a restarted server would. */
  restart(): Promise<void>;
}

/**
 * One endpoint on a database of its own for a test file's tests: started before them, closed
 * (and its database dropped) after. Read its members inside tests: they exist once it started.
 */
export function useSfnEndpoint(options: Omit<SfnEndpointOptions, "db"> = {}): EndpointWorld {
  let db: TestDatabase | undefined;
  let endpoint: SfnEndpoint | undefined;
  let sfn: SFNClient | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the endpoint is used before beforeAll started it");
    return value;
  };
  const start = async (): Promise<void> => {
    endpoint = await startSfnEndpoint({ ...options, db: started(db) });
    sfn = sfnClientFor(endpoint.url);
  };
  beforeAll(async () => {
    db = await createTestDatabase();
    await start();
  });
  afterAll(async () => {
    await endpoint?.close();
    await db?.drop();
  });
  return {
    get db() {
      return started(db);
    },
    get endpoint() {
      return started(endpoint);
    },
    get sfn() {
      return started(sfn);
    },
    restart: async () => {
      await started(endpoint).close();
      await start();
    },
  };
}
