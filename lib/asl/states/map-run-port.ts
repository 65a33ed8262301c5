import type { StateMachineType } from "../express/express-execution";
import { mapRunCounts, type MapRunChild, type MapRunCounts } from "./map-run-children";

/** What `UpdateMapRun` may change in a running Map Run (0: no limit on concurrency). */
export interface MapRunSettings {
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number;
  readonly toleratedFailurePercentage: number;
}

/** A child execution of a Map Run as `ListExecutions(mapRunArn)` lists it. */
export interface MapRunChildProgress {
  readonly executionArn: string;
  readonly name: string;
  readonly status: "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  /** ISO-8601. */
  readonly startDate: string;
  readonly stopDate?: string;
}

/** A Distributed Map's run as it goes on (`DescribeMapRun` of it now), with the child that just started or ended. */
export interface MapRunProgress extends MapRunSettings {
  readonly mapRunArn: string;
  readonly executionType: StateMachineType;
  readonly status: "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";
  readonly startDate: string;
  readonly stopDate?: string;
  readonly itemCounts: MapRunCounts;
  readonly executionCounts: MapRunCounts;
  readonly child?: MapRunChildProgress;
}

/**
 * A caller's view of the execution's Distributed Map runs while they go on (the Step Functions
 * endpoint's `DescribeMapRun`, `ListExecutions(mapRunArn)` and `UpdateMapRun` of a running one).
 */
export interface MapRunPort {
  /** The run's state: at its start, when a child starts or ends, at its end. */
  readonly onProgress?: (progress: MapRunProgress) => void;
  /** Settings changed since the run started (`UpdateMapRun`): read after each child, they govern the run from then on. */
  readonly settings?: (mapRunArn: string) => Partial<MapRunSettings> | undefined;
}

/** The counts of a run while `running` children (0 or 1: children run one after another) go on. */
export function liveMapRunCounts(
  children: readonly MapRunChild[],
  total: number,
  resultWriter: boolean,
  running: number,
): MapRunCounts {
  const counts = mapRunCounts(children, total, resultWriter);
  return { ...counts, pending: counts.pending - running, running };
}

/** A finished child as `ListExecutions(mapRunArn)` lists it. */
export function childProgress(child: MapRunChild): MapRunChildProgress {
  return {
    executionArn: child.executionArn,
    name: child.name,
    status: child.status,
    startDate: child.events[0]?.timestamp ?? "",
    ...(child.events.at(-1) === undefined ? {} : { stopDate: child.events.at(-1)!.timestamp }),
  };
}
