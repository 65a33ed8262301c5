/**
 * The fake AWS in a process of its own, for benchmarks, end-to-end tests and workers in
 * other processes: `tsx test/fake-aws/fake-aws-process.ts '<FakeAwsProcessSpec JSON>'`
 * builds the executions the spec describes, listens on 127.0.0.1 (a free port), prints
 * `{"url": …}` as its first stdout line and serves until it is killed. Its calls are
 * counted at `GET /__fake/stats`. See `spawnFakeAws`.
 */
import { z } from "zod";
import { buildExecutionHistory } from "../builders/execution-history";
import { addExecutionsToFake } from "./fake-aws-fixtures";
import { startFakeAws } from "./fake-aws-server";

const quotaSchema = z.object({ capacity: z.number().positive(), refillPerSecond: z.number().positive() });

/** What a fake in its own process serves. */
export const fakeAwsProcessSpecSchema = z.object({
  enforceQuotas: z.boolean().default(false),
  quotaOverrides: z.record(z.string(), quotaSchema).default({}),
  deniedActions: z.array(z.string()).default([]),
  badAccessKeys: z.array(z.string()).default([]),
  /** Standard executions: `count` of `stateMachineName`, named `<namePrefix><i>`, started `stepMs` apart from `startMs`. */
  standard: z
    .array(
      z.object({
        stateMachineName: z.string().min(1),
        namePrefix: z.string().default("run-"),
        count: z.number().int().nonnegative(),
        tasks: z.number().int().positive().default(3),
        retryEvery: z.number().int().nonnegative().default(0),
        /** Every `failEvery`-th execution fails (0: none). */
        failEvery: z.number().int().nonnegative().default(0),
        startMs: z.number(),
        stepMs: z.number().default(1_000),
      }),
    )
    .default([]),
});
export type FakeAwsProcessSpec = z.input<typeof fakeAwsProcessSpecSchema>;

async function main(): Promise<void> {
  const spec = fakeAwsProcessSpecSchema.parse(JSON.parse(process.argv[2] ?? "{}"));
  const fake = await startFakeAws({
    enforceQuotas: spec.enforceQuotas,
    quotaOverrides: spec.quotaOverrides,
    deniedActions: spec.deniedActions,
    badAccessKeys: spec.badAccessKeys,
  });
  for (const group of spec.standard) {
    addExecutionsToFake(
      fake.state,
      Array.from(
        { length: group.count },
        (_, i) =>
          buildExecutionHistory({
            name: `${group.namePrefix}${i}`,
            stateMachineName: group.stateMachineName,
            tasks: group.tasks,
            retryEvery: group.retryEvery,
            status: group.failEvery > 0 && i % group.failEvery === group.failEvery - 1 ? "FAILED" : "SUCCEEDED",
            startDate: new Date(group.startMs + i * group.stepMs).toISOString(),
          }).parsed,
      ),
    );
  }
  process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake AWS: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
