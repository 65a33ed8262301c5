import { describe, expect, it } from "vitest";
import { createVirtualClock } from "./clock";
import { executeStateMachine } from "./execute-state-machine";
import { evaluatePayloadTemplate } from "./payload-template";
import { createSeededRandom } from "./seeded-random";
import type { StateMachineDefinition } from "./types";

/** `__proto__` is an ordinary JSON key to AWS: a payload keeps it as a member, never as a prototype. */
describe("a __proto__ key in a payload", () => {
  const scope = { input: { p: { isAdmin: true } }, context: {}, variables: {} };

  it("a Parameters template keeps a static __proto__ member and one taken from a path", () => {
    const out = evaluatePayloadTemplate(
      { a: JSON.parse('{"__proto__": 0}'), ...JSON.parse('{"__proto__.$": "$.p"}') },
      scope,
      createSeededRandom(1),
    ) as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe('{"a":{"__proto__":0},"__proto__":{"isAdmin":true}}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out["isAdmin"]).toBeUndefined();
  });

  it("an execution's JSONPath and JSONata outputs carry the member", async () => {
    const run = (definition: object) =>
      executeStateMachine({
        definition: definition as StateMachineDefinition,
        input: '{"p": {"isAdmin": true}}',
        stateMachineName: "sm",
        executionName: "ex",
        clock: createVirtualClock(0),
        invoker: { invoke: () => Promise.resolve(null) },
        random: createSeededRandom(1),
      });
    const jsonPath = await run({
      StartAt: "P",
      States: { P: { Type: "Pass", Parameters: JSON.parse('{"__proto__.$": "$.p", "k": 1}'), End: true } },
    });
    expect(jsonPath.output).toBe('{"__proto__":{"isAdmin":true},"k":1}');
    const jsonata = await run({
      QueryLanguage: "JSONata",
      StartAt: "P",
      States: { P: { Type: "Pass", Output: JSON.parse('{"__proto__": "{% $states.input.p %}"}'), End: true } },
    });
    expect(jsonata.output).toBe('{"__proto__":{"isAdmin":true}}');
  });
});
