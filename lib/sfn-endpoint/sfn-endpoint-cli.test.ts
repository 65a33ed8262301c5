import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { endpointTestTimeoutMs } from "@/test/sfn-endpoint-kit";
import { startSfnEndpoint, type SfnEndpoint } from "./sfn-endpoint-server";

const run = promisify(execFile);
let db: TestDatabase;
let endpoint: SfnEndpoint;

beforeAll(async () => {
  db = await createTestDatabase();
  endpoint = await startSfnEndpoint({ db, timeScale: 100 });
});
afterAll(async () => {
  await endpoint.close();
  await db.drop();
});

/** `aws stepfunctions …` against the endpoint (Debian packages the CLI: `apt-get install awscli`). */
async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run("aws", ["stepfunctions", ...args, "--endpoint-url", endpoint.url, "--output", "json"], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      // Version 2 (Debian's awscli) pipes output through a pager unless told not to.
      AWS_PAGER: "",
    },
  });
  return stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>);
}

describe("the Step Functions endpoint, through the AWS CLI", { timeout: endpointTestTimeoutMs }, () => {
  it("creates a state machine, starts an execution and reads its end and history", async () => {
    const definition = JSON.stringify({
      StartAt: "Wait",
      States: { Wait: { Type: "Wait", Seconds: 1, Next: "Done" }, Done: { Type: "Pass", End: true } },
    });
    const created = await aws(
      "create-state-machine",
      "--name",
      "cli",
      "--definition",
      definition,
      "--role-arn",
      "arn:aws:iam::123456789012:role/local",
    );
    expect(created["stateMachineArn"]).toBe("arn:aws:states:us-east-1:123456789012:stateMachine:cli");
    const started = await aws(
      "start-execution",
      "--state-machine-arn",
      String(created["stateMachineArn"]),
      "--name",
      "c1",
      "--input",
      '{"a":1}',
    );
    const executionArn = String(started["executionArn"]);
    await vi.waitFor(
      async () =>
        expect((await aws("describe-execution", "--execution-arn", executionArn))["status"]).toBe("SUCCEEDED"),
      { timeout: 60_000, interval: 500 },
    );
    const history = await aws("get-execution-history", "--execution-arn", executionArn);
    expect((history["events"] as { type: string }[]).map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "WaitStateEntered",
      "WaitStateExited",
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
    await expect(aws("describe-execution", "--execution-arn", `${executionArn}x`)).rejects.toThrow(
      /ExecutionDoesNotExist/,
    );
  }, 180_000);
});
