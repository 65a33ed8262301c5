// The fields each state type allows, per QueryLanguage, and the fields that hold a JSONPath.

/** The state types of the Amazon States Language. */
export const STATE_TYPES = new Set(["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]);
export const COMMON = ["Type", "Comment", "QueryLanguage"];
const PATH_IO = ["InputPath", "OutputPath"];
const NEXT_END = ["Next", "End"];
const JSONATA_IO = ["Output", "Assign"];
const RETRY_CATCH = ["Retry", "Catch"];

/** Fields each state type allows, per `QueryLanguage` (ASL spec + the JSONata additions). */
export const FIELDS: Readonly<
  Record<string, { readonly JSONPath: readonly string[]; readonly JSONata: readonly string[] }>
> = {
  Pass: {
    JSONPath: [...PATH_IO, ...NEXT_END, "Parameters", "Result", "ResultPath", "Assign"],
    JSONata: [...NEXT_END, ...JSONATA_IO],
  },
  Task: {
    JSONPath: [
      ...PATH_IO,
      ...NEXT_END,
      ...RETRY_CATCH,
      "Resource",
      "Parameters",
      "ResultSelector",
      "ResultPath",
      "TimeoutSeconds",
      "TimeoutSecondsPath",
      "HeartbeatSeconds",
      "HeartbeatSecondsPath",
      "Credentials",
      "Assign",
    ],
    JSONata: [
      ...NEXT_END,
      ...RETRY_CATCH,
      ...JSONATA_IO,
      "Resource",
      "Arguments",
      "TimeoutSeconds",
      "HeartbeatSeconds",
      "Credentials",
    ],
  },
  Choice: { JSONPath: [...PATH_IO, "Choices", "Default", "Assign"], JSONata: ["Choices", "Default", ...JSONATA_IO] },
  Wait: {
    JSONPath: [...PATH_IO, ...NEXT_END, "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign"],
    JSONata: [...NEXT_END, ...JSONATA_IO, "Seconds", "Timestamp"],
  },
  Succeed: { JSONPath: PATH_IO, JSONata: ["Output"] },
  Fail: { JSONPath: ["Error", "ErrorPath", "Cause", "CausePath"], JSONata: ["Error", "Cause"] },
  Parallel: {
    JSONPath: [
      ...PATH_IO,
      ...NEXT_END,
      ...RETRY_CATCH,
      "Branches",
      "Parameters",
      "ResultSelector",
      "ResultPath",
      "Assign",
    ],
    JSONata: [...NEXT_END, ...RETRY_CATCH, ...JSONATA_IO, "Branches", "Arguments"],
  },
  Map: {
    JSONPath: [
      ...PATH_IO,
      ...NEXT_END,
      ...RETRY_CATCH,
      "Iterator",
      "ItemProcessor",
      "ItemsPath",
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
      "Assign",
    ],
    JSONata: [
      ...NEXT_END,
      ...RETRY_CATCH,
      ...JSONATA_IO,
      "ItemProcessor",
      "Items",
      "ItemSelector",
      "MaxConcurrency",
      "ItemReader",
      "ItemBatcher",
      "ResultWriter",
      "ToleratedFailureCount",
      "ToleratedFailurePercentage",
      "Label",
      "Iterator",
      "Arguments",
    ],
  },
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
