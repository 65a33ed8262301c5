import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getApiQuota, type ApiQuota, type AwsApi, type QuotaOverrides } from "@/lib/aws/aws-quotas";
import { TokenBucket } from "@/lib/aws/token-bucket";
import { emptyFakeAwsState, type FakeAwsState } from "./fake-aws-state";
import { takeFault, type FakeFault } from "./fake-faults";
import { handleActionOperation } from "./fake-action-operations";
import { handleLogsOperation, handleSfnOperation, FakeAwsError } from "./fake-operations";

/** Settings of {@link startFakeAws}. */
export interface FakeAwsOptions {
  readonly state?: FakeAwsState;
  /** Enforce AWS's default quotas (per region in the request's signature) with `quotaOverrides` on top. Default false. */
  readonly enforceQuotas?: boolean;
  readonly quotaOverrides?: QuotaOverrides;
  /** Access key ids the fake refuses as unknown (`UnrecognizedClientException`). */
  readonly badAccessKeys?: readonly string[];
  /** IAM actions (`states:GetExecutionHistory`) refused with `AccessDeniedException`. */
  readonly deniedActions?: readonly string[];
}

/** One call as the fake saw it. */
export interface FakeCall {
  readonly op: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly outcome: "ok" | "throttled" | "fault" | "error";
}

/** A running fake: its URL, what it serves, faults to inject, calls seen. */
export interface FakeAws {
  readonly url: string;
  readonly state: FakeAwsState;
  readonly faults: FakeFault[];
  readonly calls: FakeCall[];
  /** Calls answered with a `ThrottlingException` by quota enforcement. */
  throttled(): number;
  close(): Promise<void>;
}

/**
 * Starts a fake AWS on 127.0.0.1 (a free port) that speaks Step Functions' AWS JSON 1.0
 * (`X-Amz-Target: AWSStepFunctions.<Op>`) and CloudWatch Logs' JSON 1.1
 * (`Logs_20140328.<Op>`), timestamps as epoch seconds (Logs: epoch ms), errors as
 * `{"__type","message"}` with `x-amzn-ErrorType`. Signatures are not checked; the access
 * key id and region are read from the `Authorization` header.
 */
export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const state = options.state ?? emptyFakeAwsState();
  const faults: FakeFault[] = [];
  const calls: FakeCall[] = [];
  const buckets = new Map<string, TokenBucket>();
  let throttled = 0;

  const quotaOf = (op: string, region: string): ApiQuota => getApiQuota(op as AwsApi, region, options.quotaOverrides);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers["x-amz-target"] ?? "");
    const [service, op = ""] = target.split(".");
    const text = await readBody(req);
    const body = (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>;
    const { accessKey, region } = signatureFacts(String(req.headers.authorization ?? ""));
    const jsonVersion = service === "Logs_20140328" ? "1.1" : "1.0";
    const send = (status: number, payload: unknown, errorType?: string): void => {
      res.writeHead(status, {
        "content-type": `application/x-amz-json-${jsonVersion}`,
        "x-amzn-requestid": `fake-${calls.length}`,
        ...(errorType ? { "x-amzn-errortype": errorType } : {}),
      });
      res.end(JSON.stringify(payload));
    };
    const fail = (status: number, type: string, message: string, outcome: FakeCall["outcome"]): void => {
      calls.push({ op, body, outcome });
      send(status, { __type: type, message }, type);
    };

    if (options.badAccessKeys?.includes(accessKey)) {
      return fail(
        400,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
        "error",
      );
    }
    const action = `${service === "Logs_20140328" ? "logs" : "states"}:${op}`;
    if (options.deniedActions?.includes(action)) {
      return fail(400, "AccessDeniedException", deniedMessage(action), "error");
    }
    const fault = takeFault(faults, op, typeof body["nextToken"] === "string");
    if (fault) {
      switch (fault.kind) {
        case "throttle":
          return fail(400, "ThrottlingException", "Rate exceeded", "fault");
        case "server-error":
          return fail(500, "InternalServerError", "We encountered an internal error. Please try again.", "fault");
        case "expired-token":
          return fail(
            400,
            service === "Logs_20140328" ? "InvalidParameterException" : "InvalidToken",
            "The pagination token has expired.",
            "fault",
          );
        case "access-denied":
          return fail(400, "AccessDeniedException", deniedMessage(action), "fault");
        case "bad-credentials":
          return fail(
            400,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
            "fault",
          );
        case "slow":
          await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1_000));
          if (res.destroyed) return;
          break;
        default: {
          const unreachable: never = fault.kind;
          throw new Error(String(unreachable));
        }
      }
    }
    if (options.enforceQuotas) {
      const key = `${accessKey}|${region}|${op}`;
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = new TokenBucket(quotaOf(op, region))));
      if (!bucket.tryTake()) {
        throttled += 1;
        return fail(400, "ThrottlingException", "Rate exceeded", "throttled");
      }
    }
    try {
      const payload =
        service === "Logs_20140328"
          ? handleLogsOperation(state, op, body)
          : (handleActionOperation(state, op, body) ?? handleSfnOperation(state, op, body));
      calls.push({ op, body, outcome: "ok" });
      send(200, payload);
    } catch (error) {
      if (error instanceof FakeAwsError) return fail(400, error.type, error.message, "error");
      throw error;
    }
  }

  const server = createServer((req, res) => {
    // Not an AWS operation: how many calls of each operation ended how, for a fake in another process.
    if (req.method === "GET" && req.url === fakeStatsPath) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(fakeStats(calls, throttled)));
      return;
    }
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify({ __type: "InternalServerError", message: String(error) }));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    faults,
    calls,
    throttled: () => throttled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `GET` this path of a fake for its {@link FakeStats}. */
export const fakeStatsPath = "/__fake/stats";

/** Calls seen by a fake, per operation and outcome. */
export interface FakeStats {
  readonly calls: Record<string, Partial<Record<FakeCall["outcome"], number>>>;
  readonly throttled: number;
}

function fakeStats(calls: readonly FakeCall[], throttled: number): FakeStats {
  const counts: Record<string, Partial<Record<FakeCall["outcome"], number>>> = {};
  for (const { op, outcome } of calls) {
    const byOutcome = (counts[op] ??= {});
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
  }
  return { calls: counts, throttled };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, …` */
function signatureFacts(authorization: string): { accessKey: string; region: string } {
  const match = /Credential=([^/]+)\/[^/]+\/([^/]+)\//.exec(authorization);
  return { accessKey: match?.[1] ?? "", region: match?.[2] ?? "us-east-1" };
}

function deniedMessage(action: string): string {
  return `User: arn:aws:iam::123456789012:user/stepscope is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
}
