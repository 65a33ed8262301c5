// The fields each state type supports, and which of them belong to one query language only.

/** The state types of the Amazon States Language. */
export const STATE_TYPES = new Set(["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]);
/** Fields every state takes. */
export const COMMON = ["Type", "Comment", "QueryLanguage"];
const IO = ["InputPath", "OutputPath", "Output", "Assign"];
const NEXT_END = ["Next", "End"];
const RETRY_CATCH = ["Retry", "Catch"];

/**
 * Fields each state type supports in either query language, as AWS's validator accepts them
 * (a field outside its type's list: "Field 'X' is not supported"). Map takes no `Arguments`;
 * Fail takes no `Assign`, `Output` or paths but its own.
 */
export const FIELDS: Readonly<Record<string, readonly string[]>> = {
  Pass: [...IO, ...NEXT_END, "Parameters", "Result", "ResultPath"],
  Task: [
    ...IO,
    ...NEXT_END,
    ...RETRY_CATCH,
    "Resource",
    "Parameters",
    "Arguments",
    "ResultSelector",
    "ResultPath",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "Credentials",
  ],
  Choice: [...IO, "Choices", "Default"],
  Wait: [...IO, ...NEXT_END, "Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
  Succeed: ["InputPath", "OutputPath", "Output"],
  Fail: ["Error", "ErrorPath", "Cause", "CausePath"],
  Parallel: [...IO, ...NEXT_END, ...RETRY_CATCH, "Branches", "Parameters", "Arguments", "ResultSelector", "ResultPath"],
  Map: [
    ...IO,
    ...NEXT_END,
    ...RETRY_CATCH,
    "Iterator",
    "ItemProcessor",
    "ItemsPath",
    "Items",
    "ItemSelector",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "Label",
  ],
};

/** Fields whose value is a JSONPath (Reference Path). */
export const PATH_FIELDS = [
  "InputPath",
  "OutputPath",
  "ResultPath",
  "ItemsPath",
  "SecondsPath",
  "TimestampPath",
  "ErrorPath",
  "CausePath",
  "TimeoutSecondsPath",
  "HeartbeatSecondsPath",
  "MaxConcurrencyPath",
  "ToleratedFailureCountPath",
  "ToleratedFailurePercentagePath",
];

/** Fields only a JSONPath state takes: the paths, `Parameters`, `ResultSelector`, `Result`. */
export const JSONPATH_ONLY = new Set([...PATH_FIELDS, "Parameters", "ResultSelector", "Result"]);
/** Fields only a JSONata state takes. */
export const JSONATA_ONLY = new Set(["Arguments", "Output", "Items"]);

/** Fields a state machine (or a branch, or a Map's processor) takes at its top. */
export const MACHINE_FIELDS = new Set(["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"]);
export const BRANCH_FIELDS = new Set(["Comment", "StartAt", "States", "QueryLanguage"]);
export const PROCESSOR_FIELDS = new Set(["Comment", "StartAt", "States", "ProcessorConfig"]);

/** AWS's message for a field one query language does not take. */
export const onlyFor = (language: string, field: string): string =>
  `The QueryLanguage is set to '${language === "JSONata" ? "JSONata" : "JSONPath"}', but field '${field}' is only supported for the '${language === "JSONata" ? "JSONPath" : "JSONata"}' QueryLanguage`;
