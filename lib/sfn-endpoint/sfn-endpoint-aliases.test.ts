import {
  CreateStateMachineAliasCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import {
  createMachine,
  historyOf,
  refusal,
  waitForStatus,
  endpointTestTimeoutMs,
  useSfnEndpoint,
} from "@/test/sfn-endpoint-kit";

const world = useSfnEndpoint({ timeScale: 100, random: () => draws.shift() ?? 0.5 });
/** The endpoint's random draws (an alias's choice of version), as the test lays them out; 0.5 when none is left. */
const draws: number[] = [];

const answering = (result: string) => ({ StartAt: "P", States: { P: { Type: "Pass", Result: result, End: true } } });

/** A state machine with two published versions: 1 answers "one", 2 answers "two". */
async function twoVersions(name: string): Promise<{ arn: string; v1: string; v2: string }> {
  const arn = await createMachine(world.sfn, name, answering("one"));
  const v1 = (await world.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn })))
    .stateMachineVersionArn!;
  const updated = await world.sfn.send(
    new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(answering("two")) }),
  );
  const v2 = (
    await world.sfn.send(
      new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: updated.revisionId }),
    )
  ).stateMachineVersionArn!;
  return { arn, v1, v2 };
}

/** Starts an execution through `arn`, waits for its end; its output and the version DescribeExecution names. */
async function runThrough(arn: string): Promise<{ output: string; version?: string; alias?: string }> {
  const { executionArn } = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
  await waitForStatus(world.sfn, executionArn!, "SUCCEEDED");
  const described = await world.sfn.send(new DescribeExecutionCommand({ executionArn }));
  return {
    output: JSON.parse(described.output!) as string,
    ...(described.stateMachineVersionArn === undefined ? {} : { version: described.stateMachineVersionArn }),
    ...(described.stateMachineAliasArn === undefined ? {} : { alias: described.stateMachineAliasArn }),
  };
}

describe(
  "versions and aliases on the endpoint, through @aws-sdk/client-sfn",
  { timeout: endpointTestTimeoutMs },
  () => {
    it("publishes versions (the same revision once), lists them newest first, refuses a stale revision", async () => {
      const { arn, v1, v2 } = await twoVersions("versioned");
      expect([v1, v2]).toEqual([`${arn}:1`, `${arn}:2`]);
      const again = await world.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }));
      expect(again.stateMachineVersionArn).toBe(v2);
      const listed = await world.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
      expect(listed.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([v2, v1]);
      const stale = await refusal(
        world.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: "old" })),
      );
      expect(stale.name).toBe("ConflictException");
      expect(await runThrough(v1)).toEqual({ output: "one", version: v1 });
    });

    it("creates, describes, lists, updates and deletes an alias; executions through it run its version and name both", async () => {
      const { arn, v1, v2 } = await twoVersions("aliased");
      const routing = [{ stateMachineVersionArn: v1, weight: 100 }];
      const created = await world.sfn.send(
        new CreateStateMachineAliasCommand({ name: "live", description: "prod", routingConfiguration: routing }),
      );
      expect(created.stateMachineAliasArn).toBe(`${arn}:live`);
      const alias = created.stateMachineAliasArn!;
      // The same request again is answered as the first; the same name with another routing is a conflict.
      const repeated = await world.sfn.send(
        new CreateStateMachineAliasCommand({ name: "live", description: "prod", routingConfiguration: routing }),
      );
      expect(repeated).toMatchObject({ stateMachineAliasArn: alias, creationDate: created.creationDate });
      expect(
        await refusal(
          world.sfn.send(
            new CreateStateMachineAliasCommand({
              name: "live",
              routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }],
            }),
          ),
        ),
      ).toEqual({
        name: "ConflictException",
        message:
          "Failed to create alias because an alias with the same name and a different routing configuration already exists.",
      });
      expect(await world.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: alias }))).toMatchObject(
        {
          name: "live",
          description: "prod",
          routingConfiguration: routing,
        },
      );
      const aliases = await world.sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }));
      expect(aliases.stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([alias]);

      const first = await runThrough(alias);
      expect(first).toEqual({ output: "one", version: v1, alias });
      await world.sfn.send(
        new UpdateStateMachineAliasCommand({
          stateMachineAliasArn: alias,
          routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }],
        }),
      );
      expect(await runThrough(alias)).toEqual({ output: "two", version: v2, alias });
      // The history's start names them too, and ListExecutions of the alias lists what ran through it.
      const listed = await world.sfn.send(new ListExecutionsCommand({ stateMachineArn: alias }));
      expect(listed.executions?.map((e) => e.stateMachineVersionArn)).toEqual([v2, v1]);
      expect(listed.executions?.every((e) => e.stateMachineAliasArn === alias)).toBe(true);
      const started = (await historyOf(world.sfn, listed.executions![0]!.executionArn!))[0];
      expect(started?.executionStartedEventDetails).toMatchObject({
        stateMachineAliasArn: alias,
        stateMachineVersionArn: v2,
      });
      expect(
        (await world.sfn.send(new ListExecutionsCommand({ stateMachineArn: v1 }))).executions?.map(
          (e) => e.stateMachineVersionArn,
        ),
      ).toEqual([v1]);

      expect(
        await refusal(world.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2 }))),
      ).toEqual({
        name: "ConflictException",
        message:
          "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [live]",
      });
      await world.sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: alias }));
      await world.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2 }));
      expect(
        (await refusal(world.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: alias })))).name,
      ).toBe("ResourceNotFound");
      expect(await refusal(world.sfn.send(new StartExecutionCommand({ stateMachineArn: alias })))).toEqual({
        name: "StateMachineDoesNotExist",
        message: `State Machine Does Not Exist: '${alias}'`,
      });
    });

    it("splits executions between two versions by weight: a draw below the first weight runs the first version", async () => {
      const { arn, v1, v2 } = await twoVersions("split");
      const { stateMachineAliasArn: alias } = await world.sfn.send(
        new CreateStateMachineAliasCommand({
          name: "canary",
          routingConfiguration: [
            { stateMachineVersionArn: v1, weight: 30 },
            { stateMachineVersionArn: v2, weight: 70 },
          ],
        }),
      );
      draws.push(0, 0.2999, 0.3, 0.9999);
      const outputs: string[] = [];
      for (let i = 0; i < 4; i++) outputs.push((await runThrough(alias!)).output);
      expect(outputs).toEqual(["one", "one", "two", "two"]);
      // A weight of 0 is never chosen, whatever the draw.
      await world.sfn.send(
        new UpdateStateMachineAliasCommand({
          stateMachineAliasArn: alias,
          routingConfiguration: [
            { stateMachineVersionArn: v1, weight: 0 },
            { stateMachineVersionArn: v2, weight: 100 },
          ],
        }),
      );
      draws.push(0, 0.5);
      expect([(await runThrough(alias!)).output, (await runThrough(alias!)).output]).toEqual(["two", "two"]);
      // DeleteStateMachine takes its aliases with it.
      await world.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
      expect(
        (await refusal(world.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: alias })))).name,
      ).toBe("ResourceNotFound");
    });

    it("refuses routing configurations and names as AWS does", async () => {
      const { arn, v1, v2 } = await twoVersions("strict");
      const other = await twoVersions("other");
      const create = (routingConfiguration: { stateMachineVersionArn: string; weight: number }[], name = "a") =>
        refusal(world.sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration })));
      expect(
        await create([
          { stateMachineVersionArn: v1, weight: 50 },
          { stateMachineVersionArn: v2, weight: 40 },
        ]),
      ).toEqual({
        name: "ValidationException",
        message: "Sum of routing configuration weights must equal 100. Received: [50, 40]",
      });
      expect(
        await create([
          { stateMachineVersionArn: v1, weight: 50 },
          { stateMachineVersionArn: v1, weight: 50 },
        ]),
      ).toEqual({
        name: "ValidationException",
        message: `Routing configuration must contain distinct state machine version ARNs. Received: [${v1}, ${v1}]`,
      });
      expect(await create([{ stateMachineVersionArn: arn, weight: 100 }])).toEqual({
        name: "ValidationException",
        message: `Routing configuration must contain state machine version ARNs. Received: [${arn}]`,
      });
      expect(
        (
          await create([
            { stateMachineVersionArn: v1, weight: 50 },
            { stateMachineVersionArn: other.v1, weight: 50 },
          ])
        ).name,
      ).toBe("ValidationException");
      expect(
        (
          await create([
            { stateMachineVersionArn: v1, weight: 20 },
            { stateMachineVersionArn: v2, weight: 40 },
            { stateMachineVersionArn: `${arn}:3`, weight: 40 },
          ])
        ).message,
      ).toMatch(
        /at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2$/,
      );
      expect(await create([{ stateMachineVersionArn: `${arn}:9`, weight: 100 }])).toEqual({
        name: "ResourceNotFound",
        message: `Resource not found: '${arn}:9'`,
      });
      expect((await create([{ stateMachineVersionArn: v1, weight: 100 }], "123")).message).toBe(
        "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-.])[a-zA-Z0-9_\\-.]+$",
      );
      const { stateMachineAliasArn } = await world.sfn.send(
        new CreateStateMachineAliasCommand({
          name: "ok",
          routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }],
        }),
      );
      expect((await refusal(world.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn })))).name).toBe(
        "MissingRequiredParameter",
      );
      expect(
        (
          await refusal(
            world.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:missing` })),
          )
        ).name,
      ).toBe("ResourceNotFound");
    });
  },
);
