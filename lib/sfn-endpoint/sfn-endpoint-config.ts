/** Settings of the Step Functions endpoint, read from the environment here and nowhere else in lib/sfn-endpoint. */
export interface SfnEndpointConfig {
  /** `STEPSCOPE_SFN_PORT`: the endpoint listens when set (8083 is Step Functions Local's port). */
  readonly port: number;
  /** `STEPSCOPE_SFN_HOST`, default `127.0.0.1`. */
  readonly host: string;
  /** `STEPSCOPE_SFN_ALLOW_REMOTE=1` lets `host` be other than loopback (the endpoint has no authorization). */
  readonly allowRemote: boolean;
  /** `STEPSCOPE_SFN_TIME_SCALE`, default 1: executions' time passes this many times faster (Waits, timeouts). */
  readonly timeScale: number;
  /** `STEPSCOPE_SFN_MOCK_CONFIG`: the MockConfigFile `<arn>#<test case>` selects from. */
  readonly mockConfigFile: string | undefined;
  /** `STEPSCOPE_SFN_TASK_HANDLERS`: a JSON file mapping a Task `Resource` ARN or Lambda function name to the URL that answers it (POST). */
  readonly taskHandlersFile: string | undefined;
  /** `STEPSCOPE_SFN_MAX_RUNNING` (default 8): executions running at once, each in a runner process; later starts wait their turn. */
  readonly maxRunning: number;
  /** `STEPSCOPE_SFN_SPARE_RUNNERS` (default 2): idle runner processes kept loaded for the next starts. */
  readonly spareRunners: number;
  /** `STEPSCOPE_SFN_EXECUTIONS_PER_RUNNER` (default 4): executions one runner process hosts at once when no idle one is left (a burst); 1: a process each. */
  readonly executionsPerRunner: number;
  /** `STEPSCOPE_SFN_REGION` (default `us-east-1`) and `STEPSCOPE_SFN_ACCOUNT_ID` (default `123456789012`, as Step Functions Local's) in ARNs. */
  readonly region: string;
  readonly accountId: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, not ${JSON.stringify(raw)}`);
  return value;
}

function count(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number ≥ ${min}, not ${JSON.stringify(raw)}`);
  return value;
}

/** The endpoint's settings, or null when `STEPSCOPE_SFN_PORT` is not set; a bad value throws naming the variable. */
export function getSfnEndpointConfig(env: Env = process.env): SfnEndpointConfig | null {
  const portText = env["STEPSCOPE_SFN_PORT"];
  if (portText === undefined || portText.trim() === "") return null;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`STEPSCOPE_SFN_PORT must be a port number (0–65535), not ${JSON.stringify(portText)}`);
  const accountId = env["STEPSCOPE_SFN_ACCOUNT_ID"] || "123456789012";
  if (!/^\d{12}$/.test(accountId))
    throw new Error(`STEPSCOPE_SFN_ACCOUNT_ID must be 12 digits, not ${JSON.stringify(accountId)}`);
  const region = env["STEPSCOPE_SFN_REGION"] || "us-east-1";
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    throw new Error(`STEPSCOPE_SFN_REGION must be a region name (us-east-1), not ${JSON.stringify(region)}`);
  return {
    port,
    host: env["STEPSCOPE_SFN_HOST"] || "127.0.0.1",
    allowRemote: env["STEPSCOPE_SFN_ALLOW_REMOTE"] === "1",
    timeScale: positive(env, "STEPSCOPE_SFN_TIME_SCALE", 1),
    mockConfigFile: env["STEPSCOPE_SFN_MOCK_CONFIG"] || undefined,
    taskHandlersFile: env["STEPSCOPE_SFN_TASK_HANDLERS"] || undefined,
    maxRunning: count(env, "STEPSCOPE_SFN_MAX_RUNNING", 8, 1),
    spareRunners: count(env, "STEPSCOPE_SFN_SPARE_RUNNERS", 2, 0),
    executionsPerRunner: count(env, "STEPSCOPE_SFN_EXECUTIONS_PER_RUNNER", 4, 1),
    region,
    accountId,
  };
}
