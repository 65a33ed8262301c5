/**
 * The query language's fields: what each one selects and which operators and values it
 * takes. Pure (no I/O): the search box uses it for completion and the parser to check an
 * expression before it reaches the server.
 */
export type FieldKind =
  /** One of a fixed set of labels (`values`). */
  | "enum"
  /** Text on the execution's row (null when absent). */
  | "text"
  /** Text on the execution's row that also compares by range, in code-point order (`name >= "ord-2"`). */
  | "orderedText"
  /** Text matched against a set per execution (the states it entered). */
  | "textSet"
  | "date"
  | "duration"
  | "integer";

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  readonly description: string;
  /** The labels of an enum field. */
  readonly values?: readonly string[];
}

export const queryFields = [
  {
    name: "status",
    kind: "enum",
    description: "execution status",
    values: ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"],
  },
  { name: "stateMachine", kind: "text", description: "state machine name or ARN" },
  { name: "name", kind: "orderedText", description: "execution name" },
  { name: "source", kind: "text", description: "source name" },
  { name: "account", kind: "orderedText", description: "AWS account id" },
  { name: "region", kind: "orderedText", description: "AWS region" },
  { name: "type", kind: "enum", description: "workflow type", values: ["STANDARD", "EXPRESS"] },
  { name: "error", kind: "orderedText", description: "the execution's error" },
  { name: "cause", kind: "orderedText", description: "the execution's cause" },
  { name: "rootCauseState", kind: "orderedText", description: "the state where the failure began" },
  { name: "state", kind: "textSet", description: "a state the execution entered" },
  { name: "failedState", kind: "textSet", description: "a state that ended in an error (caught or not)" },
  { name: "startDate", kind: "date", description: "when the execution started" },
  { name: "stopDate", kind: "date", description: "when the execution stopped" },
  { name: "duration", kind: "duration", description: "how long it ran (stopped executions)" },
  { name: "redriveCount", kind: "integer", description: "times redriven" },
  { name: "version", kind: "integer", description: "the state machine version it ran (through a version or an alias)" },
  { name: "alias", kind: "orderedText", description: "the alias it was started through (name or ARN)" },
] as const satisfies readonly FieldSpec[];

export type FieldName = (typeof queryFields)[number]["name"];

/** The payload documents `input.<path>` and `output.<path>` select into. */
export const payloadRoots = ["input", "output"] as const;
export type PayloadRoot = (typeof payloadRoots)[number];

const byLowerName = new Map<string, FieldSpec & { name: FieldName }>(
  queryFields.map((f) => [f.name.toLowerCase(), f as FieldSpec & { name: FieldName }]),
);

/** The field of that name (case-insensitive), or undefined. */
export function getQueryField(name: string): (FieldSpec & { name: FieldName }) | undefined {
  return byLowerName.get(name.toLowerCase());
}

export type Operator = "=" | "!=" | ">" | ">=" | "<" | "<=" | "~" | "IN" | "EXISTS";

/** The operators each kind of field takes (payload paths take them all). */
export const operatorsOf: Record<FieldKind | "payload", readonly Operator[]> = {
  enum: ["=", "!=", "IN"],
  text: ["=", "!=", "~", "IN", "EXISTS"],
  orderedText: ["=", "!=", ">", ">=", "<", "<=", "~", "IN", "EXISTS"],
  textSet: ["=", "!=", "~", "IN", "EXISTS"],
  date: ["=", "!=", ">", ">=", "<", "<=", "EXISTS"],
  duration: ["=", "!=", ">", ">=", "<", "<=", "EXISTS"],
  integer: ["=", "!=", ">", ">=", "<", "<=", "IN", "EXISTS"],
  payload: ["=", "!=", ">", ">=", "<", "<=", "~", "IN", "EXISTS"],
};
