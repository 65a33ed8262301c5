/* What the data flow of a state run is made of: its steps, their sources and the context the events tell. */

/** Where a step's value comes from. */
export type DataFlowSource =
  /** Read from the run's events (what Step Functions recorded). */
  | "recorded"
  /** Computed from the definition over recorded values (the same JSONPath code the interpreter runs). */
  | "computed"
  /** Not known: `note` says why. */
  | "unknown";

/** One step of a state run's data flow with the value after it. */
export interface DataFlowValueStep {
  /** `Input`, `InputPath`, `Parameters`, `Arguments`, `Result`, `ResultSelector`, `ResultPath`, `OutputPath`, `Output`. */
  readonly field: string;
  /** The definition's field (a path or template), absent for the recorded `Input` and `Result`. */
  readonly expression?: unknown;
  readonly source: DataFlowSource;
  /** The value after the step (absent when unknown). */
  readonly value?: unknown;
  readonly note?: string;
}

/** A variable the run assigned (`Assign`), from its `StateExited` event. */
export interface AssignedVariable {
  readonly name: string;
  readonly value: unknown;
}

export interface ReconstructedDataFlow {
  readonly queryLanguage: "JSONPath" | "JSONata";
  readonly steps: readonly DataFlowValueStep[];
  readonly variables: readonly AssignedVariable[];
  /** Whether the computed output equals the recorded `StateExited` output; null when either is unknown. */
  readonly outputMatchesRecorded: boolean | null;
}

/** Context object members the events tell exactly (`$$.Execution.Id`, `$$.State.Name`, …); others stay unknown. */
export interface KnownContext {
  readonly executionArn: string;
  readonly executionName: string;
  readonly executionStartTime: string;
  readonly stateMachineArn?: string;
  readonly stateMachineName?: string;
}
