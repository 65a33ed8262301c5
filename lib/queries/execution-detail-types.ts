import type { OutcomeExplanation } from "@/lib/history/explain-outcome";
import type { ScopeSegment } from "@/lib/history/types";
import type { ExecutionBasics } from "./execution-list-types";

/** The execution page's header data, JSON-safe. */
export interface ExecutionDetail extends ExecutionBasics {
  readonly input: string | null;
  readonly output: string | null;
  readonly cause: string | null;
  readonly rootCause: {
    readonly stateName: string;
    /** The root-cause state run's key (what the detail panel opens on). */
    readonly runKey: string | null;
    readonly error: string | null;
    readonly cause: string | null;
    readonly eventId: number | null;
    readonly scope: readonly ScopeSegment[];
  } | null;
  readonly redriveCount: number;
  readonly redriveStatus: string | null;
  readonly eventCount: number;
  readonly billableTransitions: number;
  readonly retries: number;
  readonly sourceName: string;
  readonly sourceKind: string;
  readonly isDemo: boolean;
  readonly accountId: string | null;
  readonly region: string | null;
  readonly hasDefinition: boolean;
  readonly historyComplete: boolean;
  /** Why the stored history is partial and what to change (Express logging below ALL / without data); null when whole. */
  readonly partialReason: string | null;
  /** The IAM role the execution ran as (AWS sources, from DescribeStateMachine). */
  readonly roleArn: string | null;
  /** The state machine version and alias the execution was started through, when it was. */
  readonly stateMachineVersionArn: string | null;
  readonly stateMachineAliasArn: string | null;
  /** The X-Ray trace header the execution was started with (its trace link joins that trace). */
  readonly traceHeader: string | null;
  /** A Distributed Map child's parent execution and Map Run. */
  readonly parent: { readonly executionArn: string; readonly name: string } | null;
  readonly mapRunArn: string | null;
  /** Why it ended so where its error does not say (which timeout fired, who stopped it, what was running); null otherwise. */
  readonly outcome: OutcomeExplanation | null;
}

/** One event as the event list shows it; details are fetched when a row is opened. */
export interface EventRow {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly stateName: string | null;
  /** A one-line gist: the error, or the resource, or nothing. */
  readonly gist: string | null;
}

/** One state run row for the execution page's states table. */
export interface StateRunRow {
  readonly key: string;
  readonly name: string;
  readonly stateType: string;
  readonly scope: readonly ScopeSegment[];
  readonly status: string;
  readonly enteredAt: string;
  readonly exitedAt: string | null;
  readonly retryCount: number;
  readonly error: string | null;
  readonly enteredEventId: number;
  /** The execution attempt the run belongs to (0 the first run, n redrive n); null when the execution was never redriven. */
  readonly redrive: number | null;
}
