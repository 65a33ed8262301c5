/** Why a case does not match yet, from its first difference: the feature or AWS behaviour still missing. */
const RULES: readonly (readonly [RegExp, string])[] = [
  [/map_run_arn/, "Map Run ARN differs from the recording's (or its fixed-word mask map_run_arn)"],
  [
    /MapRunFailed"|MapRunSucceeded\)\.type/,
    "Distributed Map child executions calling Lambda: their results are not in the parent recording, and the case has no mock config to answer them",
  ],
  [
    /RandomNumberGenerated/,
    "the recording masks the random number (States.MathRandom): no local value can equal the placeholder",
  ],
  [/FunctionResult":"[0-9a-f]{32,}"|States\.Hash/, "States.Hash / $hash result differs"],
  [
    /RedriveCount: only local/,
    "$$.Execution.RedriveCount differs from the AWS of the recording's date (see awsBehaviourAsOf)",
  ],
  [
    /"length":0|length: recorded 0/,
    "ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    /input: recorded "0\.0"/,
    "AWS keeps a number's text as sent (0.0); the interpreter and the mock config's parsed Return hold JSON numbers, so 0.0 prints as 0",
  ],
  [
    /MapIterationStarted\)\.mapIterationStartedEventDetails: only recorded/,
    "AWS ran the Map's iterations concurrently: their events interleave in an order set by timing, which the sequential local run does not reproduce",
  ],
  [
    /taskFailedEventDetails\.error: only local/,
    "the callback failed with no error name (SendTaskFailure without `error`); the corpus's mock config says States.TaskFailed instead, and a MockConfigFile Throw must name one",
  ],
  [/MapRun|mapRunStarted|ItemReader|ItemBatcher/i, "Distributed Map (ItemReader/ItemBatcher, Map Run events) differs"],
  [/Activity/, "activity task events (ActivityScheduled/Started/…, workerName) differ"],
  [
    /TaskSubmitted|\.sync|waitForTaskToken|task_token|TaskToken/i,
    "integration patterns .sync / .waitForTaskToken (TaskSubmitted, task tokens) differ",
  ],
  [/TimedOut|States\.Timeout|HeartbeatTimeout/, "TimeoutSeconds/HeartbeatSeconds timeouts differ"],
  [/taskCredentials/, "Task Credentials (taskCredentials in TaskScheduled) differ"],
  [/DataLimitExceeded|size exceeding/, "States.DataLimitExceeded (256 KiB payload limit) differs"],
  [
    /roleArn|StateMachineArn|<resource:\d+>/,
    "recording masks a resource the local run cannot reproduce (role/resource placeholders differ)",
  ],
  [
    /TaskStateAborted/,
    "Parallel: AWS aborts sibling branches' running Tasks when one branch fails (TaskStateAborted); local branches run one after another",
  ],
  [
    /unordered/,
    "Parallel/Map concurrency: AWS interleaves branches/iterations differently from the sequential local run",
  ],
  [
    /EvaluationFailed|executionFailedEventDetails|cause/,
    "error cause text or EvaluationFailed details differ from AWS's wording",
  ],
  [/assignedVariables/, "Variables/Assign semantics differ"],
  [/previousEventId/, "previousEventId chaining differs"],
  [/threw/, "interpreter throws instead of failing the execution"],
];

/** A short reason for a failing case, followed by its first difference. */
export function failureReason(diff: string): string {
  const noMocks = diff.startsWith("[no mockConfig] ");
  const rest = noMocks ? diff.slice("[no mockConfig] ".length) : diff;
  const rule = RULES.find(([re]) => re.test(rest));
  const reason = rule?.[1] ?? "output differs";
  return `${noMocks ? `no mockConfig (Tasks answered from the recording); ${reason}` : reason} — ${rest.slice(0, 160)}`;
}
