import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  CreateActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import {
  createMachine,
  historyOf,
  refusal,
  sfnClientFor,
  waitForStatus,
  waitForToken,
  endpointTestTimeoutMs,
} from "@/test/sfn-endpoint-kit";
import { startSfnEndpoint, type SfnEndpoint } from "./sfn-endpoint-server";

const dir = mkdtempSync(path.join(tmpdir(), "sfn-endpoint-tasks-"));
const handlersFile = path.join(dir, "handlers.json");

let db: TestDatabase;
let endpoint: SfnEndpoint;
let sfn: SFNClient;
let handlers: Server;
/** What the handlers were sent, by path. */
const received: Record<string, unknown[]> = {};

/** Task handlers as a team would write them: /charge answers, /decline refuses as Lambda reports a function error. */
function startHandlers(): Promise<string> {
  handlers = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const payload = JSON.parse(body) as { amount?: number };
      (received[req.url ?? ""] ??= []).push(payload);
      res.setHeader("content-type", "application/json");
      if (req.url === "/charge") return res.end(JSON.stringify({ chargeId: `ch_${payload.amount ?? 0}` }));
      res.statusCode = 500;
      res.end(JSON.stringify({ errorType: "CardDeclined", errorMessage: "insufficient funds" }));
    });
  });
  return new Promise((resolve) =>
    handlers.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(handlers.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  const base = await startHandlers();
  writeFileSync(
    handlersFile,
    JSON.stringify({
      charge: `${base}/charge`,
      "arn:aws:lambda:us-east-1:123456789012:function:decline": `${base}/decline`,
      // A closed port: nothing listens on port 9 of loopback.
      unreachable: "http://127.0.0.1:9/",
    }),
  );
  db = await createTestDatabase();
  // 100× faster: a HeartbeatSeconds of 60 lasts 600 ms.
  endpoint = await startSfnEndpoint({ db, timeScale: 100, taskHandlersFile: handlersFile });
  sfn = sfnClientFor(endpoint.url);
});
afterAll(async () => {
  await endpoint.close();
  await db.drop();
  handlers.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(
  "Task states answered by HTTP handlers (STEPSCOPE_SFN_TASK_HANDLERS)",
  { timeout: endpointTestTimeoutMs },
  () => {
    it("POSTs a Lambda Task's payload to its function's URL and goes on with the answer; a refusal is caught by its errorType", async () => {
      const arn = await createMachine(sfn, "handled", {
        StartAt: "Charge",
        States: {
          Charge: {
            Type: "Task",
            Resource: "arn:aws:states:::lambda:invoke",
            Parameters: { FunctionName: "charge", "Payload.$": "$" },
            ResultSelector: { "id.$": "$.Payload.chargeId" },
            ResultPath: "$.charge",
            Next: "Decline",
          },
          Decline: {
            Type: "Task",
            Resource: "arn:aws:lambda:us-east-1:123456789012:function:decline",
            Catch: [{ ErrorEquals: ["CardDeclined"], ResultPath: "$.declined", Next: "Done" }],
            End: true,
          },
          Done: { Type: "Succeed" },
        },
      });
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: arn, name: "h1", input: '{"amount":42}' }),
      );
      await waitForStatus(sfn, executionArn!, "SUCCEEDED");
      expect(received["/charge"]).toEqual([{ amount: 42 }]);
      expect(received["/decline"]).toEqual([{ amount: 42, charge: { id: "ch_42" } }]);
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(JSON.parse(described.output!)).toEqual({
        amount: 42,
        charge: { id: "ch_42" },
        declined: {
          Error: "CardDeclined",
          Cause: JSON.stringify({ errorMessage: "insufficient funds", errorType: "CardDeclined" }),
        },
      });
      const types = (await historyOf(sfn, executionArn!)).map((e) => e.type);
      expect(types).toContain("TaskSucceeded");
      expect(types).toContain("LambdaFunctionFailed");
    });

    it("fails a Task whose handler cannot be reached with States.TaskFailed naming the URL", async () => {
      const arn = await createMachine(sfn, "unreachable", {
        StartAt: "Call",
        States: {
          Call: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:unreachable", End: true },
        },
      });
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "u1" }));
      await waitForStatus(sfn, executionArn!, "FAILED");
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(described.error).toBe("States.TaskFailed");
      expect(described.cause).toContain("The task handler at http://127.0.0.1:9/ could not be reached");
    });

    it("refuses StartExecution while the handlers file is not one, naming the file and the fault", async () => {
      const arn = await createMachine(sfn, "misconfigured", {
        StartAt: "P",
        States: { P: { Type: "Pass", End: true } },
      });
      const good = readFileSync(handlersFile, "utf8");
      writeFileSync(handlersFile, JSON.stringify({ charge: "ftp://example.com/" }));
      try {
        expect(await refusal(sfn.send(new StartExecutionCommand({ stateMachineArn: arn })))).toEqual({
          name: "ValidationException",
          message: `The task handlers file ${handlersFile} is not one: /charge: must be an http or https URL`,
        });
      } finally {
        writeFileSync(handlersFile, good);
      }
    });
  },
);

describe("SendTaskHeartbeat", { timeout: endpointTestTimeoutMs }, () => {
  /**
   * A callback Task that must hear from its worker every 150 s (1.5 s here) and may take 3,000 s
   * (30 s here): wide enough that a loaded machine's slow heartbeat is not a missed one.
   */
  const callback = {
    StartAt: "Work",
    States: {
      Work: {
        Type: "Task",
        Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        HeartbeatSeconds: 150,
        TimeoutSeconds: 3000,
        Parameters: {
          QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/q",
          MessageBody: { "token.$": "$$.Task.Token" },
        },
        End: true,
      },
    },
  };

  it("keeps a callback Task waiting past HeartbeatSeconds while its worker sends heartbeats", async () => {
    const arn = await createMachine(sfn, "beating", callback);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "b1" }));
    const taskToken = await waitForToken(sfn, executionArn!);
    // Heartbeats every 150 ms for more than twice HeartbeatSeconds (1.5 s here).
    const until = Date.now() + 3_500;
    while (Date.now() < until) {
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
      await sleep(150);
    }
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("RUNNING");
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"done":true}' }));
    await waitForStatus(sfn, executionArn!, "SUCCEEDED");
  });

  it("times a callback Task out when the heartbeats stop, as AWS records it (TaskTimedOut, States.Timeout); its token then answers TaskTimedOut", async () => {
    const arn = await createMachine(sfn, "silent", callback);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "s1" }));
    const taskToken = await waitForToken(sfn, executionArn!);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
    await waitForStatus(sfn, executionArn!, "FAILED");
    const events = await historyOf(sfn, executionArn!);
    expect(events.map((e) => e.type).slice(-2)).toEqual(["TaskTimedOut", "ExecutionFailed"]);
    expect(events.at(-2)?.taskTimedOutEventDetails?.error).toBe("States.Timeout");
    expect(await refusal(sfn.send(new SendTaskHeartbeatCommand({ taskToken })))).toEqual({
      name: "TaskTimedOut",
      message: `Task Timed Out: '${taskToken}'`,
    });
    expect((await refusal(sfn.send(new SendTaskSuccessCommand({ taskToken, output: "{}" })))).name).toBe(
      "TaskTimedOut",
    );
    expect((await refusal(sfn.send(new SendTaskHeartbeatCommand({ taskToken: "never-issued" })))).name).toBe(
      "TaskDoesNotExist",
    );
  });

  it("fails an activity with States.HeartbeatTimeout when its worker stops sending heartbeats, and heartbeats never extend TimeoutSeconds", async () => {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: "slow-work" }));
    const arn = await createMachine(sfn, "activity-beats", {
      StartAt: "Work",
      States: { Work: { Type: "Task", Resource: activityArn, HeartbeatSeconds: 60, TimeoutSeconds: 150, End: true } },
    });
    const silent = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "a1" }));
    await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "w" }));
    await waitForStatus(sfn, silent.executionArn!, "FAILED");
    const silentEvents = await historyOf(sfn, silent.executionArn!);
    expect(silentEvents.at(-2)?.activityTimedOutEventDetails?.error).toBe("States.HeartbeatTimeout");

    const beating = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "a2" }));
    const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "w" }));
    // Heartbeats every 150 ms until the execution ends: TimeoutSeconds (1.5 s here) still ends the Task.
    let described = await sfn.send(new DescribeExecutionCommand({ executionArn: beating.executionArn }));
    while (described.status === "RUNNING") {
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken })).catch(() => undefined);
      await sleep(150);
      described = await sfn.send(new DescribeExecutionCommand({ executionArn: beating.executionArn }));
    }
    expect(described.status).toBe("FAILED");
    const events = await historyOf(sfn, beating.executionArn!);
    expect(events.at(-2)?.activityTimedOutEventDetails?.error).toBe("States.Timeout");
  });
});
