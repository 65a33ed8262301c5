// Types only, so the execution page's components can take them without importing `pg`.

/** Counts of a Map Run's items or child executions (DescribeMapRun's members). */
export interface MapRunCounts {
  readonly pending: number;
  readonly running: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly aborted: number;
  readonly total: number;
}

/** A Distributed Map run of an execution, as the execution page shows it. */
export interface MapRunSummary {
  readonly mapRunArn: string;
  /** The Map state's label, from the ARN (`…:mapRun:<machine>/<label>:<id>`). */
  readonly label: string;
  /** RUNNING, SUCCEEDED, FAILED, ABORTED; null when only the stored children are known. */
  readonly status: string | null;
  readonly startDate: string | null;
  readonly stopDate: string | null;
  readonly maxConcurrency: number | null;
  readonly toleratedFailurePercentage: number | null;
  readonly toleratedFailureCount: number | null;
  /** Items as DescribeMapRun counts them; null when it was not read (local and imported histories). */
  readonly itemCounts: MapRunCounts | null;
  /** Child executions: DescribeMapRun's counts, else those of the stored children. */
  readonly executionCounts: MapRunCounts;
  /** How many of the children are stored here (each linked to this execution). */
  readonly storedChildren: number;
  readonly source: "DescribeMapRun" | "stored children";
}
