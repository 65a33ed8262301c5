import { describe, expect, it } from "vitest";
import { createVirtualClock } from "../asl/clock";
import { executeStateMachine } from "../asl/execute-state-machine";
import { validateDefinition } from "../asl/validate-definition";
import { getMockInvokerOrThrow } from "./get-mock-invoker-or-throw";
import { starterDefinitions } from "./starter-definitions";

const random = { random: () => 0.5, uuid: () => "00000000-0000-4000-8000-000000000000" };

describe("starterDefinitions", () => {
  it.each(starterDefinitions.map((s) => [s.id, s] as const))(
    "%s is valid and runs to its expected end",
    async (id, starter) => {
      const validation = validateDefinition(starter.definition);
      if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
      const result = await executeStateMachine({
        definition: validation.definition,
        input: starter.input,
        stateMachineName: starter.stateMachineName,
        executionName: id,
        clock: createVirtualClock(),
        invoker: getMockInvokerOrThrow(starter.mockConfig, starter.testCase, starter.stateMachineName),
        random,
      });
      expect(result.status).toBe(id === "charge-retry-catch" ? "FAILED" : "SUCCEEDED");
    },
  );
});
