import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachineVersionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from "@aws-sdk/client-sfn";
import { describe, expect, it, vi } from "vitest";
import { runCommand } from "@/lib/cli/run-command";
import { startSfnEndpoint } from "./sfn-endpoint-server";
import { callbackDefinition, orderDefinition, writeMockConfigFile } from "@/test/sfn-endpoint-fixtures";
import * as kit from "@/test/sfn-endpoint-kit";

const mockConfigFile = writeMockConfigFile();
const world = kit.useSfnEndpoint({ timeScale: 100, mockConfigFile });

const createMachine = (name: string, definition: unknown, type?: "EXPRESS") =>
  kit.createMachine(world.sfn, name, definition, type);
const waitForStatus = (executionArn: string, status: string) => kit.waitForStatus(world.sfn, executionArn, status);
const historyOf = (executionArn: string, maxResults?: number) => kit.historyOf(world.sfn, executionArn, maxResults);
const { refusal, roleArn } = kit;

describe(
  "the Step Functions endpoint, through @aws-sdk/client-sfn: state machines and runs",
  { timeout: kit.endpointTestTimeoutMs },
  () => {
    it("creates, describes, lists, updates with versions and deletes state machines", async () => {
      const arn = await createMachine("crud", { StartAt: "P", States: { P: { Type: "Pass", End: true } } });
      expect(arn).toBe("arn:aws:states:us-east-1:123456789012:stateMachine:crud");
      const described = await world.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
      expect(described).toMatchObject({ name: "crud", status: "ACTIVE", type: "STANDARD", roleArn });
      expect(described.creationDate).toBeInstanceOf(Date);
      // The same create again is answered as the first (AWS's idempotency).
      expect(await createMachine("crud", { StartAt: "P", States: { P: { Type: "Pass", End: true } } })).toBe(arn);

      const updated = await world.sfn.send(
        new UpdateStateMachineCommand({
          stateMachineArn: arn,
          definition: JSON.stringify({ StartAt: "Q", States: { Q: { Type: "Pass", End: true } } }),
          publish: true,
          versionDescription: "v1",
        }),
      );
      expect(updated.stateMachineVersionArn).toBe(`${arn}:1`);
      const version = await world.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }));
      expect(JSON.parse(version.definition!)).toMatchObject({ StartAt: "Q" });
      const versions = await world.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
      expect(versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:1`]);

      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await world.sfn.send(new ListStateMachinesCommand({ maxResults: 1, nextToken }));
        names.push(...(page.stateMachines ?? []).map((m) => m.name!));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      expect(names).toContain("crud");

      await world.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
      const gone = await refusal(world.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
      expect(gone).toEqual({ name: "StateMachineDoesNotExist", message: `State Machine Does Not Exist: '${arn}'` });
    });

    it("runs an execution in the background to its end, with the history `stepscope run` prints for the same definition and mocks", async () => {
      const arn = await createMachine("order", orderDefinition);
      const started = await world.sfn.send(
        new StartExecutionCommand({ stateMachineArn: `${arn}#BusyThenCharged`, name: "e1", input: '{"id":1}' }),
      );
      expect(started.executionArn).toBe("arn:aws:states:us-east-1:123456789012:execution:order:e1");
      await waitForStatus(started.executionArn!, "SUCCEEDED");
      const described = await world.sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      expect(JSON.parse(described.output!)).toEqual({ id: 1, charge: { chargeId: "ch_1" }, shipping: "shipped" });

      // Page by page (3 a page), as the SDK's callers read it.
      const events = await historyOf(started.executionArn!, 3);
      const definitionFile = path.join(path.dirname(mockConfigFile), "order.asl.json");
      writeFileSync(definitionFile, JSON.stringify(orderDefinition));
      let out = "";
      const write = vi
        .spyOn(process.stdout, "write")
        .mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
      const code = await runCommand([
        definitionFile,
        "--input",
        '{"id":1}',
        "--mock-config",
        mockConfigFile,
        "--test-case",
        "BusyThenCharged",
        "--name",
        "e1",
      ]).finally(() => write.mockRestore());
      expect(code).toBe(0);
      const expected = (JSON.parse(out) as { events: Record<string, unknown>[] }).events;
      // Identical apart from times and the role (the state machine's here, the CLI's default there).
      const comparable = (e: object) =>
        JSON.parse(
          JSON.stringify(e, (key, value: unknown) => (key === "timestamp" || key === "roleArn" ? undefined : value)),
        ) as unknown;
      expect(events.map(comparable)).toEqual(expected.map(comparable));
      expect(events.map((e) => e.type)).toContain("WaitStateExited");
      // The Wait took its 2 seconds of the execution's clock (20 ms at the time scale of 100).
      const waitEntered = events.find((e) => e.type === "WaitStateEntered")!.timestamp!.getTime();
      const waitExited = events.find((e) => e.type === "WaitStateExited")!.timestamp!.getTime();
      expect(waitExited - waitEntered).toBeGreaterThanOrEqual(2000);

      const reversed = await world.sfn.send(
        new GetExecutionHistoryCommand({
          executionArn: started.executionArn,
          reverseOrder: true,
          includeExecutionData: false,
        }),
      );
      expect(reversed.events?.map((e) => e.id)).toEqual(events.map((e) => e.id).reverse());
      expect(reversed.events?.at(-1)?.executionStartedEventDetails?.input).toBeUndefined();
      expect(events[0]?.executionStartedEventDetails?.input).toBe('{"id":1}');

      const listed = await world.sfn.send(
        new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: "SUCCEEDED" }),
      );
      expect(listed.executions?.map((e) => e.name)).toEqual(["e1"]);

      // The execution is on the dashboard under the local-endpoint source, with the same events.
      const stored = await world.db.pool.query<{ source: string; status: string; events: number }>(
        `SELECT s.name AS source, e.status, (SELECT count(*)::int FROM history_events h WHERE h.execution_id = e.id) AS events
         FROM executions e JOIN sources s ON s.id = e.source_id WHERE e.execution_arn = $1`,
        [started.executionArn],
      );
      expect(stored.rows).toEqual([{ source: "local-endpoint", status: "SUCCEEDED", events: events.length }]);
    });

    it("refuses with AWS's error names and messages", async () => {
      const arn = await createMachine("errors", { StartAt: "P", States: { P: { Type: "Pass", End: true } } });
      const missing = "arn:aws:states:us-east-1:123456789012:stateMachine:nope";
      expect(await refusal(world.sfn.send(new StartExecutionCommand({ stateMachineArn: missing })))).toEqual({
        name: "StateMachineDoesNotExist",
        message: `State Machine Does Not Exist: '${missing}'`,
      });
      const noExecution = "arn:aws:states:us-east-1:123456789012:execution:errors:nope";
      expect(await refusal(world.sfn.send(new DescribeExecutionCommand({ executionArn: noExecution })))).toEqual({
        name: "ExecutionDoesNotExist",
        message: `Execution Does Not Exist: '${noExecution}'`,
      });
      const { executionArn } = await world.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "once" }));
      await waitForStatus(executionArn!, "SUCCEEDED");
      expect(await refusal(world.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: "once" })))).toEqual({
        name: "ExecutionAlreadyExists",
        message: `Execution Already Exists: '${executionArn}'`,
      });
      const invalid = await refusal(
        world.sfn.send(
          new CreateStateMachineCommand({
            name: "bad",
            roleArn,
            definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } }),
          }),
        ),
      );
      expect(invalid.name).toBe("InvalidDefinition");
      expect(invalid.message).toMatch(
        /^Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: .* at \/States\/A\/Next/,
      );
      expect(
        (await refusal(world.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: "not-an-arn" })))).name,
      ).toBe("InvalidArn");
      expect(
        await refusal(
          world.sfn.send(new CreateStateMachineCommand({ name: "has space", roleArn, definition: '{"StartAt":"P"}' })),
        ),
      ).toEqual({ name: "InvalidName", message: "Invalid Name: 'has space'" });
      expect(
        (await refusal(world.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: "{not json" })))).name,
      ).toBe("InvalidExecutionInput");
      expect(
        (
          await refusal(
            world.sfn.send(
              new CreateStateMachineCommand({
                name: "errors",
                roleArn,
                definition: JSON.stringify(callbackDefinition),
              }),
            ),
          )
        ).name,
      ).toBe("StateMachineAlreadyExists");
      expect(
        (await refusal(world.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: "forged" })))).name,
      ).toBe("InvalidToken");
      expect((await refusal(world.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn })))).name).toBe(
        "MissingRequiredParameter",
      );
      const noCase = await refusal(world.sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#Nope` })));
      expect(noCase).toEqual({
        name: "ValidationException",
        message: `The MockConfigFile ${mockConfigFile} has no test case /StateMachines/errors/TestCases/Nope`,
      });
    });

    it("validates a definition with diagnostics naming each fault's path", async () => {
      const result = await world.sfn.send(
        new ValidateStateMachineDefinitionCommand({
          definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } }),
        }),
      );
      expect(result.result).toBe("FAIL");
      expect(result.diagnostics?.[0]).toMatchObject({ severity: "ERROR", code: "SCHEMA_VALIDATION_FAILED" });
      expect(result.diagnostics?.[0]?.location).toMatch(/^\/States\/A/);
      const ok = await world.sfn.send(
        new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(orderDefinition) }),
      );
      expect(ok).toMatchObject({ result: "OK", diagnostics: [] });
    });

    it("listens on loopback only unless told otherwise", async () => {
      await expect(startSfnEndpoint({ db: world.db, host: "0.0.0.0" })).rejects.toThrow(/STEPSCOPE_SFN_ALLOW_REMOTE=1/);
    });
  },
);
