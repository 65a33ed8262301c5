// Prints the local history of one dev case: `npx tsx test/conformance/interpreter-debug-case.ts <case name>`.
import { loadConformanceCases } from "./denormalize";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createMockConfigInvoker, mockConfigSchema } from "@/lib/asl/mock-config-invoker";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import type { StateMachineDefinition } from "@/lib/asl/types";
import type { InterpreterCase } from "./interpreter-run-case";

async function main(): Promise<void> {
  const c = (loadConformanceCases() as unknown as InterpreterCase[]).find((x) => x.name === process.argv[2]);
  if (c === undefined) throw new Error("no such case");
  process.stdout.write(`${c.input_string}\n${JSON.stringify(c.definition)}\n`);
  const result = await executeStateMachine({
    definition: c.definition as StateMachineDefinition,
    input: c.input_string,
    stateMachineName: "Recorded",
    executionName: "conformance",
    clock: createVirtualClock(),
    invoker: createMockConfigInvoker(
      mockConfigSchema.parse(c.mockConfig ?? { StateMachines: {}, MockedResponses: {} }),
      "Recorded",
      "Recorded",
    ),
    random: createSeededRandom(1),
  });
  for (const e of result.events) process.stdout.write(`${JSON.stringify(e).slice(0, 600)}\n`);
}

void main();
