import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@/lib/db/database";
import * as activities from "./activity-operations";
import * as aliases from "./alias-operations";
import type { EndpointContext, Operation } from "./endpoint-context";
import { EndpointRuns, type EndpointRunsOptions } from "./endpoint-runs";
import * as control from "./execution-control-operations";
import * as reads from "./execution-read-operations";
import type { SfnScope } from "./sfn-arns";
import { SfnError } from "./sfn-error";
import * as starts from "./start-execution-operations";
import { updateMapRun } from "./map-run-control-operations";
import * as mapRuns from "./map-run-operations";
import * as machines from "./state-machine-operations";
import * as tags from "./tag-operations";
import * as tasks from "./task-token-operations";
import { testState } from "./test-state-operation";
import * as versions from "./version-operations";

/** Settings of {@link startSfnEndpoint}. */
export interface SfnEndpointOptions {
  readonly db: Database;
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Default `127.0.0.1`; anything but loopback is refused unless `allowRemote`. */
  readonly host?: string;
  readonly allowRemote?: boolean;
  /** Default `us-east-1` / `123456789012`. */
  readonly scope?: SfnScope;
  /** Default 1 (real time). */
  readonly timeScale?: number;
  readonly mockConfigFile?: string;
  /** A JSON file: Task `Resource` ARN or Lambda function name → the URL POSTed the Task's payload (read at each StartExecution). */
  readonly taskHandlersFile?: string;
  /** Runs executions in runner processes (default true); false: in this process (a definition that spins blocks the endpoint). */
  readonly isolate?: boolean;
  /** The runner processes: executions at once (default 8; later starts wait their turn), idle ones kept loaded (default 2). */
  readonly runners?: EndpointRunsOptions["runners"];
  /** Chooses an alias's version by its weights (a number in [0, 1)); default `Math.random`. */
  readonly random?: () => number;
  readonly log?: (message: string) => void;
}

/** A running endpoint. */
export interface SfnEndpoint {
  /** `http://<host>:<port>`: the SDK's `endpoint`, the CLI's `--endpoint-url`. */
  readonly url: string;
  /** Executions found RUNNING at the start (the endpoint had stopped under them) and failed then. */
  readonly interrupted: number;
  /** Stops listening and abandons running executions as a crash would (they stay RUNNING until the next start fails them). */
  close(): Promise<void>;
}

const operations: Readonly<Record<string, Operation>> = {
  CreateStateMachine: machines.createStateMachine,
  DescribeStateMachine: machines.describeStateMachine,
  ListStateMachines: machines.listStateMachines,
  DeleteStateMachine: machines.deleteStateMachine,
  UpdateStateMachine: machines.updateStateMachine,
  PublishStateMachineVersion: versions.publishStateMachineVersion,
  ListStateMachineVersions: versions.listStateMachineVersions,
  DeleteStateMachineVersion: versions.deleteStateMachineVersion,
  CreateStateMachineAlias: aliases.createStateMachineAlias,
  DescribeStateMachineAlias: aliases.describeStateMachineAlias,
  UpdateStateMachineAlias: aliases.updateStateMachineAlias,
  DeleteStateMachineAlias: aliases.deleteStateMachineAlias,
  ListStateMachineAliases: aliases.listStateMachineAliases,
  ValidateStateMachineDefinition: machines.validateStateMachineDefinition,
  StartExecution: starts.startExecution,
  StartSyncExecution: starts.startSyncExecution,
  DescribeExecution: reads.describeExecution,
  GetExecutionHistory: reads.getExecutionHistory,
  ListExecutions: reads.listExecutions,
  StopExecution: control.stopExecution,
  RedriveExecution: control.redriveExecution,
  SendTaskSuccess: tasks.sendTaskSuccess,
  SendTaskFailure: tasks.sendTaskFailure,
  SendTaskHeartbeat: tasks.sendTaskHeartbeat,
  CreateActivity: activities.createActivity,
  DescribeActivity: activities.describeActivity,
  ListActivities: activities.listActivities,
  DeleteActivity: activities.deleteActivity,
  GetActivityTask: activities.getActivityTask,
  TestState: testState,
  DescribeStateMachineForExecution: reads.describeStateMachineForExecution,
  TagResource: tags.tagResource,
  UntagResource: tags.untagResource,
  ListTagsForResource: tags.listTagsForResource,
  DescribeMapRun: mapRuns.describeMapRun,
  ListMapRuns: mapRuns.listMapRuns,
  UpdateMapRun: updateMapRun,
};

const maxBodyBytes = 2 * 1024 * 1024;

/** Whether `host` is a loopback address (the only binding allowed without `allowRemote`). */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new SfnError("ValidationException", `The request body is over ${maxBodyBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Serves the Step Functions API (AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.<Op>`) from the
 * bundled interpreter, for the AWS SDK and CLI pointed at it (`endpoint`, `--endpoint-url`).
 * State machines and executions are kept in Postgres; executions run in the background and are
 * stored under the source `local-endpoint` as they progress. There is no authorization (requests
 * are not signed-checked): it listens on loopback unless `allowRemote`. Executions left RUNNING
 * by a previous endpoint are failed at the start (RedriveExecution continues them).
 */
export async function startSfnEndpoint(options: SfnEndpointOptions): Promise<SfnEndpoint> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host) && options.allowRemote !== true)
    throw new Error(
      `the Step Functions endpoint has no authorization and listens on loopback only: STEPSCOPE_SFN_HOST=${host} needs STEPSCOPE_SFN_ALLOW_REMOTE=1`,
    );
  const scope = options.scope ?? { region: "us-east-1", accountId: "123456789012" };
  const runs = new EndpointRuns({
    db: options.db,
    scope,
    timeScale: options.timeScale ?? 1,
    ...(options.isolate === undefined ? {} : { isolate: options.isolate }),
    ...(options.runners === undefined ? {} : { runners: options.runners }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const interrupted = await runs.failInterrupted();
  const ctx: EndpointContext = {
    db: options.db,
    scope,
    runs,
    mockConfigFile: options.mockConfigFile,
    taskHandlersFile: options.taskHandlersFile,
    random: options.random ?? Math.random,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, payload: unknown, errorType?: string): void => {
      res.writeHead(status, {
        "content-type": "application/x-amz-json-1.0",
        "x-amzn-requestid": crypto.randomUUID(),
        ...(errorType === undefined ? {} : { "x-amzn-errortype": errorType }),
      });
      res.end(JSON.stringify(payload));
    };
    try {
      const target = String(req.headers["x-amz-target"] ?? "");
      const [service, op = ""] = target.split(".");
      const operation = service === "AWSStepFunctions" ? operations[op] : undefined;
      if (req.method !== "POST" || operation === undefined)
        throw new SfnError(
          "UnknownOperationException",
          req.method !== "POST" ? `Only POST is served, not ${req.method ?? ""}` : `Unknown operation '${target}'`,
        );
      const text = await readBody(req);
      let body: unknown;
      try {
        body = text.trim() === "" ? {} : JSON.parse(text);
      } catch (err) {
        throw new SfnError(
          "SerializationException",
          `The request body is not JSON: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      if (typeof body !== "object" || body === null || Array.isArray(body))
        throw new SfnError("SerializationException", "The request body must be a JSON object");
      send(200, await operation(ctx, body as Record<string, unknown>));
    } catch (err) {
      if (err instanceof SfnError)
        return send(400, { __type: err.type, message: err.message, ...err.members }, err.type);
      options.log?.(`sfn endpoint: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      send(
        500,
        { __type: "InternalFailure", message: "The endpoint failed to process the request" },
        "InternalFailure",
      );
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    interrupted,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runs.close();
    },
  };
}
