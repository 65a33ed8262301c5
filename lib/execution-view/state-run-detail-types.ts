import type { ScopeSegment, StateRunStatus } from "@/lib/history/types";

/** A variable a state run could read (`$name`), and the run that assigned it last before this one entered. */
export interface SeenVariable {
  readonly name: string;
  readonly value: unknown;
  readonly assignedBy: { readonly stateName: string; readonly runKey: string; readonly eventId: number };
}

/** One event of a state run, with its details as stored (payloads are JSON strings). */
export interface RunEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly details: unknown;
}

/** Everything the state detail panel shows of one run. */
export interface StateRunDetail {
  readonly key: string;
  readonly name: string;
  readonly stateType: string;
  readonly scope: readonly ScopeSegment[];
  readonly status: StateRunStatus;
  readonly enteredAt: string;
  readonly exitedAt: string | null;
  readonly input: string | null;
  readonly output: string | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly attempts: readonly {
    readonly index: number;
    readonly status: string;
    readonly startedAt: string;
    readonly endedAt: string | null;
    readonly durationMs: number | null;
    readonly backoffMs: number | null;
    readonly error: string | null;
    readonly cause: string | null;
  }[];
  /** The run's own events (for a Parallel/Map: its own, not its children's). */
  readonly events: readonly RunEvent[];
  /** The variables the run could read when it entered, each with the run that assigned it last (by name). */
  readonly variablesSeen: readonly SeenVariable[];
}
