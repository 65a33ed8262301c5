/** One declared step of a state's data flow, in the order Step Functions applies them. */
export interface DataFlowStep {
  readonly field: string;
  readonly value: unknown;
}

const jsonPathOrder = [
  "InputPath",
  "Parameters",
  "ItemSelector",
  "ResultSelector",
  "ResultPath",
  "OutputPath",
  "Assign",
] as const;
const jsonataOrder = ["Arguments", "Items", "ItemSelector", "Output", "Assign"] as const;

/**
 * The data-flow fields a state declares (`InputPath` → `Parameters` → `ResultSelector` →
 * `ResultPath` → `OutputPath`, or JSONata `Arguments` → `Output`), with `Assign`; the
 * effective input and output come from the run's events beside them.
 */
export function dataFlowSteps(
  state: Readonly<Record<string, unknown>> | null,
  queryLanguage: string | null,
): DataFlowStep[] {
  if (!state) return [];
  const lang = typeof state["QueryLanguage"] === "string" ? state["QueryLanguage"] : queryLanguage;
  const order = lang === "JSONata" ? jsonataOrder : jsonPathOrder;
  return order.filter((f) => state[f] !== undefined).map((field) => ({ field, value: state[field] }));
}
