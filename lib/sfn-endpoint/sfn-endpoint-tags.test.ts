import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ListTagsForResourceCommand,
  StartExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import {
  createMachine,
  endpointTestTimeoutMs,
  refusal,
  roleArn,
  waitForStatus,
  useSfnEndpoint,
} from "@/test/sfn-endpoint-kit";

const world = useSfnEndpoint();

const pass = { StartAt: "P", States: { P: { Type: "Pass", End: true } } };
const tagsOf = async (resourceArn: string) =>
  (await world.sfn.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

describe("tags", () => {
  it("are kept from CreateStateMachine, added, replaced and removed on state machines and activities", async () => {
    const created = await world.sfn.send(
      new CreateStateMachineCommand({
        name: "tagged",
        definition: JSON.stringify(pass),
        roleArn,
        tags: [{ key: "team", value: "payments" }],
      }),
    );
    const arn = created.stateMachineArn!;
    expect(await tagsOf(arn)).toEqual([{ key: "team", value: "payments" }]);
    await world.sfn.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: "team", value: "billing" },
          { key: "env", value: "" },
        ],
      }),
    );
    expect(await tagsOf(arn)).toEqual([
      { key: "env", value: "" },
      { key: "team", value: "billing" },
    ]);
    await world.sfn.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["env", "absent"] }));
    expect(await tagsOf(arn)).toEqual([{ key: "team", value: "billing" }]);

    const { activityArn } = await world.sfn.send(
      new CreateActivityCommand({ name: "approve", tags: [{ key: "owner", value: "ops" }] }),
    );
    expect(await tagsOf(activityArn!)).toEqual([{ key: "owner", value: "ops" }]);

    // A deleted state machine's tags go with it: one of the same name starts untagged.
    await world.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    expect(await refusal(tagsOf(arn))).toEqual({ name: "ResourceNotFound", message: `Resource not found: '${arn}'` });
    await createMachine(world.sfn, "tagged", pass);
    expect(await tagsOf(arn)).toEqual([]);
  });

  it("are refused as AWS refuses them: unknown or untaggable resources, long keys, more than 50", async () => {
    const arn = await createMachine(world.sfn, "limits", pass);
    const missing = "arn:aws:states:us-east-1:123456789012:stateMachine:nowhere";
    const err = await refusal(world.sfn.send(new TagResourceCommand({ resourceArn: missing, tags: [] })));
    expect(err).toEqual({ name: "ResourceNotFound", message: `Resource not found: '${missing}'` });
    expect((await refusal(tagsOf("not-an-arn"))).name).toBe("InvalidArn");
    const execution = "arn:aws:states:us-east-1:123456789012:execution:limits:e1";
    expect(await refusal(tagsOf(execution))).toEqual({
      name: "InvalidArn",
      message: "Invalid Arn: 'Resource type not valid in this context: execution'",
    });
    const longKey = "k".repeat(129);
    expect(
      await refusal(world.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: longKey, value: "v" }] }))),
    ).toEqual({
      name: "ValidationException",
      message: `1 validation error detected: Value '${longKey}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
    });
    const fifty = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    await world.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: fifty }));
    const tooMany = await refusal(
      world.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "one-more", value: "v" }] })),
    );
    expect(tooMany.name).toBe("TooManyTags");
    // Re-tagging keys it has does not count twice.
    await world.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: fifty.slice(0, 3) }));
    expect(await tagsOf(arn)).toHaveLength(50);
  });
});

describe("DescribeStateMachineForExecution", { timeout: endpointTestTimeoutMs }, () => {
  it("answers the definition the execution ran, though the state machine changed since", async () => {
    const arn = await createMachine(world.sfn, "for-execution", pass);
    const { executionArn } = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "e1" }));
    await waitForStatus(world.sfn, executionArn!, "SUCCEEDED");
    const before = await world.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(before).toMatchObject({
      stateMachineArn: arn,
      name: "for-execution",
      definition: JSON.stringify(pass),
      roleArn,
      loggingConfiguration: { level: "OFF", includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    });
    expect(before.revisionId).toBeTypeOf("string");
    expect(before.updateDate).toBeInstanceOf(Date);

    const changed = { StartAt: "Q", States: { Q: { Type: "Succeed" } } };
    await world.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(changed) }));
    const after = await world.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(after.definition).toBe(JSON.stringify(pass));
    expect(after.revisionId).toBeUndefined();
  });

  it("refuses unknown executions and Express ones with AWS's names", async () => {
    const missing = "arn:aws:states:us-east-1:123456789012:execution:for-execution:nope";
    expect(
      await refusal(world.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: missing }))),
    ).toEqual({
      name: "ExecutionDoesNotExist",
      message: `Execution Does Not Exist: '${missing}'`,
    });
    const express = "arn:aws:states:us-east-1:123456789012:express:fast:e1:0b3c";
    expect(
      (await refusal(world.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: express })))).name,
    ).toBe("InvalidArn");
  });
});
