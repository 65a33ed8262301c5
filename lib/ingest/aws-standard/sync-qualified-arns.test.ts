import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getExecutionDetail } from "@/lib/queries/get-execution-detail";
import { getStateMachineByArn } from "@/lib/queries/get-state-machine-by-arn";
import { parseExecutionListParams } from "@/lib/queries/execution-list-params";
import { listExecutions } from "@/lib/queries/list-executions";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { addExecutionsToFake } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";
import { syncAwsSource } from "../sync-aws-source";

// AWS: "If you specify a version or alias ARN when you call the StartExecution API action,
// DescribeExecution returns that ARN" (stateMachineVersionArn, stateMachineAliasArn), while
// stateMachineArn stays the unqualified one. The fake serves both fields; the histories here
// leave them out of ExecutionStarted, so only DescribeExecution can bring them.

let db: TestDatabase;
let fake: FakeAws;
const machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders";
const version1 = `${machineArn}:1`;
const version2 = `${machineArn}:2`;
const prod = `${machineArn}:PROD`;
// StartExecution's traceHeader (X-Ray), which DescribeExecution returns and the history does not carry.
const xrayHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeAws();
  const build = (name: string, start: string) =>
    buildExecutionHistory({ name, tasks: 2, startDate: start, stateMachineName: "Orders" }).parsed;
  const [viaAlias, viaVersion] = addExecutionsToFake(fake.state, [
    build("via-alias", "2024-03-17T10:00:00.000Z"),
    build("via-version", "2024-03-17T11:00:00.000Z"),
    build("unqualified", "2024-03-17T12:00:00.000Z"),
  ]);
  // An alias routes to a version: DescribeExecution names both.
  Object.assign(viaAlias!, { stateMachineAliasArn: prod, stateMachineVersionArn: version2 });
  Object.assign(viaVersion!, { stateMachineVersionArn: version1, traceHeader: xrayHeader });
  const { rows } = await db.pool.query<{ id: number }>(
    "INSERT INTO sources (kind, name, region, endpoint, account_id) VALUES ('AWS', 'versions', 'us-east-1', $1, '123456789012') RETURNING id",
    [fake.url],
  );
  const outcome = await syncAwsSource(db, rows[0]!.id, {
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    now: () => new Date("2024-03-20T00:00:00Z"),
  });
  expect(outcome).toMatchObject({ status: "done", failures: [] });
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

const arnOf = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:Orders:${name}`;
const names = async (search: Record<string, string>) =>
  (await listExecutions(db.prisma, parseExecutionListParams(search), new Date("2024-03-20T00:00:00Z"))).rows
    .map((r) => r.name)
    .sort();

describe("a Standard execution started through a version or an alias", () => {
  it("keeps the version and alias ARNs (and the X-Ray trace header) DescribeExecution returned, beside the unqualified state machine", async () => {
    const aliased = await getExecutionDetail(db.prisma, arnOf("via-alias"));
    expect(aliased).toMatchObject({ stateMachineAliasArn: prod, stateMachineVersionArn: version2 });
    expect(aliased?.stateMachineArn).toBe(machineArn);
    expect(await getExecutionDetail(db.prisma, arnOf("via-version"))).toMatchObject({
      stateMachineAliasArn: null,
      stateMachineVersionArn: version1,
      traceHeader: xrayHeader,
    });
    expect(await getExecutionDetail(db.prisma, arnOf("unqualified"))).toMatchObject({
      stateMachineAliasArn: null,
      stateMachineVersionArn: null,
      traceHeader: null,
    });
  });

  it("filters the list by a version or an alias ARN, and refuses a value that is neither", async () => {
    expect(await names({ qualifier: prod })).toEqual(["via-alias"]);
    expect(await names({ qualifier: version2 })).toEqual(["via-alias"]);
    expect(await names({ qualifier: version1, stateMachine: machineArn })).toEqual(["via-version"]);
    expect(await names({ stateMachine: machineArn })).toEqual(["unqualified", "via-alias", "via-version"]);
    expect(() => parseExecutionListParams({ qualifier: machineArn })).toThrow(/version or alias ARN/);
  });

  it("lists the versions and aliases seen on the state machine's page, most used first (then by ARN)", async () => {
    const machine = await getStateMachineByArn(db, machineArn);
    expect(machine?.qualifiedArns.map((q) => [q.kind, q.arn, q.executions])).toEqual([
      ["version", version1, 1],
      ["version", version2, 1],
      ["alias", prod, 1],
    ]);
  });
});
