import type { MapRunChildProgress, MapRunProgress, MapRunSettings } from "@/lib/asl/states/map-run-port";

/** A Map Run of an execution running here, as its runner last reported it. */
export interface LiveMapRun {
  readonly executionArn: string;
  /** The state machine of the execution that started it. */
  readonly stateMachineArn: string;
  /** Its state (with `UpdateMapRun`'s changes applied at once, before its runner reports them). */
  readonly progress: Omit<MapRunProgress, "child">;
  /** Its child executions by ARN, in the order they started. */
  readonly children: ReadonlyMap<string, MapRunChildProgress>;
}

interface Held {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  progress: Omit<MapRunProgress, "child">;
  overrides: Partial<MapRunSettings>;
  readonly children: Map<string, MapRunChildProgress>;
}

/**
 * The Map Runs of the executions running here, kept as their runners report them: what
 * `DescribeMapRun`, `ListMapRuns` and `ListExecutions(mapRunArn)` answer until the execution
 * ends (then they are stored), and what `UpdateMapRun` changes.
 */
export class LiveMapRuns {
  private readonly runs = new Map<string, Held>();

  /** Takes a runner's report of a Map Run of `executionArn`. */
  update(executionArn: string, stateMachineArn: string, report: MapRunProgress): void {
    const { child, ...progress } = report;
    const held = this.runs.get(report.mapRunArn);
    if (held === undefined)
      this.runs.set(report.mapRunArn, { executionArn, stateMachineArn, progress, overrides: {}, children: new Map() });
    else held.progress = { ...progress, ...(progress.status === "RUNNING" ? held.overrides : {}) };
    if (child !== undefined) this.runs.get(report.mapRunArn)!.children.set(child.executionArn, child);
  }

  /** Applies `UpdateMapRun` to the Map Run as shown (its runner applies it to the run); false when it does not run here. */
  override(mapRunArn: string, settings: Partial<MapRunSettings>): LiveMapRun | null {
    const held = this.runs.get(mapRunArn);
    if (held === undefined || held.progress.status !== "RUNNING") return null;
    held.overrides = { ...held.overrides, ...settings };
    held.progress = { ...held.progress, ...settings };
    return held;
  }

  get(mapRunArn: string): LiveMapRun | null {
    return this.runs.get(mapRunArn) ?? null;
  }

  /** The Map Runs of one execution running here. */
  of(executionArn: string): LiveMapRun[] {
    return [...this.runs.values()].filter((run) => run.executionArn === executionArn);
  }

  /**
   * The Map Runs of an execution that has ended, as they are to be stored: one still RUNNING (the
   * execution was stopped or failed inside it) ends ABORTED at `stopDate`, its running child too.
   */
  end(executionArn: string, stopDate: string): LiveMapRun[] {
    return this.of(executionArn).map((run): LiveMapRun => {
      if (run.progress.status !== "RUNNING") return run;
      const abort = (counts: MapRunProgress["itemCounts"]) => ({
        ...counts,
        running: 0,
        aborted: counts.aborted + counts.running,
      });
      const children = new Map(
        [...run.children].map(([arn, child]) => [
          arn,
          child.status === "RUNNING" ? { ...child, status: "ABORTED" as const, stopDate } : child,
        ]),
      );
      const progress = {
        ...run.progress,
        status: "ABORTED" as const,
        stopDate,
        itemCounts: abort(run.progress.itemCounts),
        executionCounts: abort(run.progress.executionCounts),
      };
      return { executionArn, stateMachineArn: run.stateMachineArn, progress, children };
    });
  }

  /** Forgets an ended execution's Map Runs (once they are stored). */
  forget(executionArn: string): void {
    for (const [arn, run] of this.runs) if (run.executionArn === executionArn) this.runs.delete(arn);
  }
}
