import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { SFNClient } from "@aws-sdk/client-sfn";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/**
 * Where and as whom to call AWS. Nothing here is a secret: credentials come from the
 * standard chain (environment, `profile` in ~/.aws, SSO, web identity, container or
 * instance role) at call time and are never stored, logged or sent to a browser.
 */
export interface AwsClientOptions {
  readonly region: string;
  /** Endpoint override (a VPC endpoint, a local fake); applies to Step Functions and CloudWatch Logs. */
  readonly endpoint?: string;
  /** Named profile of the shared config/credentials files. */
  readonly profile?: string;
  /** Role assumed (STS `AssumeRole`) with the chain's credentials. */
  readonly roleArn?: string;
  readonly externalId?: string;
  /** In place of the chain (tests, the fake's sandbox source). */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** A call that takes longer fails with `TimeoutError` (retried); default 30,000 ms. */
  readonly requestTimeoutMs?: number;
}

/** The SDK clients of one source. */
export interface AwsClients {
  readonly sfn: SFNClient;
  readonly logs: CloudWatchLogsClient;
  /** Closes the clients' sockets. */
  destroy(): void;
}

/**
 * Builds the Step Functions and CloudWatch Logs clients of a source. The SDK's own retries
 * are off (`maxAttempts: 1`): `callAws` paces and retries with the source's token buckets.
 */
export function createAwsClients(options: AwsClientOptions): AwsClients {
  const credentials = options.credentials ?? chainCredentials(options);
  const requestHandler = new NodeHttpHandler({
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    throwOnRequestTimeout: true,
    connectionTimeout: 10_000,
  });
  const common = {
    region: options.region,
    credentials,
    maxAttempts: 1,
    requestHandler,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
  const sfn = new SFNClient(common);
  const logs = new CloudWatchLogsClient(common);
  // The logger middleware copies every response through the schema's sensitive-data
  // filter even with no logger set: a 1,000-event history page costs milliseconds for nothing.
  sfn.middlewareStack.remove("loggerMiddleware");
  logs.middlewareStack.remove("loggerMiddleware");
  return {
    sfn,
    logs,
    destroy() {
      sfn.destroy();
      logs.destroy();
    },
  };
}

function chainCredentials(options: AwsClientOptions): AwsCredentialIdentityProvider {
  const base = fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  if (!options.roleArn) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: options.roleArn,
      RoleSessionName: "stepscope-sync",
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    },
    clientConfig: { region: options.region },
  });
}
