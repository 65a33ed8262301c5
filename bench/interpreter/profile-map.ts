// Profiles the Map bench definition in-process: `npx tsx --cpu-prof bench/interpreter/profile-map.ts`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createVirtualClock } from "../../lib/asl/clock";
import { executeStateMachine } from "../../lib/asl/execute-state-machine";
import { createSeededRandom } from "../../lib/asl/seeded-random";
import type { StateMachineDefinition } from "../../lib/asl/types";

async function main(): Promise<void> {
  const definition = JSON.parse(
    readFileSync(path.resolve(__dirname, "../../../shared/bench-defs/b-map-10k.asl.json"), "utf8"),
  ) as StateMachineDefinition;
  const input = JSON.stringify({ items: Array.from({ length: 10_000 }, (_, id) => ({ id, even: id % 2 === 0 })) });
  for (let i = 0; i < 6; i++) {
    const start = performance.now();
    const result = await executeStateMachine({
      definition,
      input,
      stateMachineName: "b",
      executionName: "b",
      clock: createVirtualClock(),
      invoker: { invoke: () => Promise.resolve(null) },
      random: createSeededRandom(1),
    });
    process.stdout.write(`${(performance.now() - start).toFixed(1)} ms, ${result.events.length} events\n`);
  }
}

void main();
