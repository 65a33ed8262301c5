/** Why a case does not match yet, from its first difference: the feature or AWS behaviour still missing. */
const RULES: readonly (readonly [RegExp, string])[] = [
  [/map_run_arn/, "the recording masks the Map Run ARN of a re-entered Distributed Map with a fixed text"],
  [/MapRunFailed"|MapRunSucceeded\)\.type/, "nested Distributed Map child executions calling Lambda: results not recoverable from the parent recording"],
  [/RandomNumberGenerated/, "the recording masks the random number (States.MathRandom): no local value can equal the placeholder"],
  [/FunctionResult":"[0-9a-f]{32,}"|States\.Hash/, "States.Hash not implemented (needs a pure MD5/SHA implementation or a hashing port)"],
  [/RedriveCount: only local/, "recorded in 2023, before AWS added $$.Execution.RedriveCount (the interpreter follows today's AWS)"],
  [/"length":0|length: recorded 0/, "ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)"],
  [/input: recorded "0\.0"/, "AWS keeps a number's text as sent (0.0); the interpreter and the mock config's parsed Return hold JSON numbers, so 0.0 prints as 0"],
  [/MapIterationStarted\)\.mapIterationStartedEventDetails: only recorded/, "AWS ran the Map's iterations concurrently: their events interleave in an order set by timing, which the sequential local run does not reproduce"],
  [/taskFailedEventDetails\.error: only local/, "the callback failed with no error name (SendTaskFailure without `error`); the corpus's mock config says States.TaskFailed instead, and a MockConfigFile Throw must name one"],
  [/MapRun|mapRunStarted|ItemReader|ItemBatcher/i, "Distributed Map (ItemReader/ItemBatcher, Map Run events) not implemented"],
  [/Activity/, "activity tasks (workers, ActivityStarted.workerName) not implemented"],
  [/TaskSubmitted|\.sync|waitForTaskToken|task_token|TaskToken/i, "integration patterns .sync / .waitForTaskToken (TaskSubmitted, task tokens) not implemented"],
  [/TimedOut|States\.Timeout|HeartbeatTimeout/, "TimeoutSeconds/HeartbeatSeconds timeouts not implemented"],
  [/taskCredentials/, "Task Credentials (taskCredentials in TaskScheduled) not implemented"],
  [/DataLimitExceeded|size exceeding/, "States.DataLimitExceeded (256 KiB payload limit) not implemented"],
  [/roleArn|StateMachineArn|<resource:\d+>/, "recording masks a resource the local run cannot reproduce (role/resource placeholders differ)"],
  [/TaskStateAborted/, "Parallel: AWS aborts sibling branches' running Tasks when one branch fails (TaskStateAborted); local branches run one after another"],
  [/unordered/, "Parallel/Map concurrency: AWS interleaves branches/iterations differently from the sequential local run"],
  [/EvaluationFailed|executionFailedEventDetails|cause/, "error cause text or EvaluationFailed details differ from AWS's wording"],
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
