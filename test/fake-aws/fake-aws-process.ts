/**
 * The fake AWS in a process of its own, for benchmarks, end-to-end tests and workers in
 * other processes: `tsx test/fake-aws/fake-aws-process.ts '<FakeAwsProcessSpec JSON>'`
 * builds the executions the spec describes, listens on 127.0.0.1 (a free port), prints
 * `{"url": …}` as its first stdout line and serves until it is killed. Its calls are
 * counted at `GET /__fake/stats`. See `spawnFakeAws`.
 */
import { z } from "zod";
import { buildExecutionHistory } from "../builders/execution-history";
import { addExecutionsToFake, expressLogMessages } from "./fake-aws-fixtures";
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
  /** Express state machines logging to `/aws/vendedlogs/states/<name>` with this logging configuration. */
  express: z
    .array(
      z.object({
        name: z.string().min(1),
        count: z.number().int().nonnegative(),
        tasks: z.number().int().positive().default(3),
        level: z.enum(["ALL", "ERROR", "FATAL", "OFF"]).default("ALL"),
        includeExecutionData: z.boolean().default(true),
        startMs: z.number(),
      }),
    )
    .default([]),
});
export type FakeAwsProcessSpec = z.input<typeof fakeAwsProcessSpecSchema>;

const ACCOUNT = "123456789012";

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
      Array.from({ length: group.count }, (_, i) =>
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
  for (const machine of spec.express) {
    const logGroup = `/aws/vendedlogs/states/${machine.name}`;
    fake.state.stateMachines.push({
      stateMachineArn: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${machine.name}`,
      name: machine.name,
      type: "EXPRESS",
      definition: '{"StartAt":"Step1","States":{"Step1":{"Type":"Succeed"}}}',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`,
      creationDate: new Date("2024-01-01T00:00:00Z"),
      loggingConfiguration: {
        level: machine.level,
        includeExecutionData: machine.includeExecutionData,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${logGroup}:*` } }],
      },
    });
    const messages: { logStreamName: string; timestamp: number; message: string }[] = [];
    for (let i = 0; i < machine.count; i += 1) {
      const { events } = buildExecutionHistory({ name: `x${i}`, tasks: machine.tasks, startDate: new Date(machine.startMs + i * 60_000).toISOString() }).parsed;
      const arn = `arn:aws:states:us-east-1:${ACCOUNT}:express:${machine.name}:x${i}:${String(i).padStart(8, "0")}-aaaa-bbbb-cccc-dddddddddddd`;
      // What a level below ALL leaves in the log: errors, and the execution's start and end.
      const kept = machine.level === "ALL" ? events : events.filter((e) => /Failed|ExecutionStarted|ExecutionSucceeded/.test(e.type));
      const withoutData = machine.includeExecutionData ? kept : kept.map(stripPayloads);
      messages.push(...expressLogMessages(arn, withoutData).map((m) => ({ ...m, logStreamName: `stream-${i}` })));
    }
    fake.state.logGroups.set(logGroup, messages);
  }
  process.stdout.write(`${JSON.stringify({ url: fake.url })}\n`);
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** The event with its `input`/`output` payloads removed, as logs without execution data carry it. */
function stripPayloads<T extends object>(event: T): T {
  return JSON.parse(JSON.stringify(event, (key, value: unknown) => (key === "input" || key === "output" ? undefined : value))) as T;
}

main().catch((error: unknown) => {
  process.stderr.write(`fake AWS: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
