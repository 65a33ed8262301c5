import type { Attempt, ScopeSegment, StateRun, StateRunStatus } from "../types";

/** A failure recorded on a run: its `error`/`cause`, the event that carried it, whether it was a timeout. */
export interface Failure {
  error: string | null;
  cause: string | null;
  readonly eventId: number;
  readonly timedOut: boolean;
}

/** A mutable attempt while the history is walked. */
export interface AttemptBuilder {
  readonly index: number;
  readonly startEventId: number;
  readonly startedAt: string;
  readonly backoffMs: number | null;
  endEventId: number | null;
  endedAt: string | null;
  status: Attempt["status"];
  error: string | null;
  cause: string | null;
}

/** A Parallel branch or Map iteration (or the top level): where runs sit. */
export class Scope {
  /** The last run entered in this scope (for `Catch` detection). */
  lastRun: RunBuilder | null = null;
  private readonly counts = new Map<string, number>();

  constructor(
    readonly segments: readonly ScopeSegment[],
    readonly owner: RunBuilder | null,
    readonly parent: Scope | null,
    readonly keyPrefix: string,
  ) {}

  /** A key unique in the execution: the scope's prefix, the state name, its visit number. */
  nextKey(name: string): string {
    const n = this.counts.get(name) ?? 0;
    this.counts.set(name, n + 1);
    return `${this.keyPrefix}${name}#${n}`;
  }
}

/** A state run while the history is walked; {@link RunBuilder.build} freezes it. */
export class RunBuilder {
  exitedEventId: number | null = null;
  exitedAt: string | null = null;
  output: string | null = null;
  readonly attempts: AttemptBuilder[] = [];
  failure: Failure | null = null;
  caught = false;
  abortedEventId: number | null = null;
  /** Set when the execution ended (timed out, aborted, failed) while this run was open. */
  endedBy: StateRunStatus | null = null;
  open = true;
  /** Map/Parallel: between `*StateStarted` and its end. */
  containerRunning = false;
  branchCount = 0;
  mapLength: number | null = null;
  distributed = false;
  readonly children: RunBuilder[] = [];
  readonly iterations = new Map<number, Scope>();

  constructor(
    readonly key: string,
    readonly name: string,
    readonly stateType: string,
    readonly scope: Scope,
    readonly enteredEventId: number,
    readonly enteredAt: string,
    readonly input: string | null,
  ) {}

  /** The attempt still open, if any. */
  currentAttempt(): AttemptBuilder | undefined {
    const last = this.attempts[this.attempts.length - 1];
    return last !== undefined && last.endEventId === null ? last : undefined;
  }

  /** Event id that opened the last attempt (or the entry): children before it belong to earlier attempts. */
  lastAttemptStartId(): number {
    return this.attempts[this.attempts.length - 1]?.startEventId ?? this.enteredEventId;
  }

  /** Whether the run ended in an unrecovered failure (`FAILED` or `TIMED_OUT`). */
  isFailed(): boolean {
    return !this.caught && this.exitedEventId === null && this.failure !== null;
  }

  /** Status by precedence: caught, exited, failed, aborted, ended by the execution, running. */
  status(): StateRunStatus {
    if (this.caught) return "CAUGHT";
    if (this.exitedEventId !== null) return "SUCCEEDED";
    if (this.failure !== null) return this.failure.timedOut ? "TIMED_OUT" : "FAILED";
    if (this.abortedEventId !== null) return "ABORTED";
    return this.endedBy ?? "RUNNING";
  }

  build(): StateRun {
    const status = this.status();
    const recovered = status === "SUCCEEDED";
    return {
      key: this.key,
      name: this.name,
      stateType: this.stateType,
      scope: this.scope.segments,
      parentKey: this.scope.owner?.key ?? null,
      enteredEventId: this.enteredEventId,
      exitedEventId: this.exitedEventId ?? this.abortedEventId,
      enteredAt: this.enteredAt,
      exitedAt: this.exitedAt,
      status,
      input: this.input,
      output: this.output,
      error: recovered ? null : (this.failure?.error ?? null),
      cause: recovered ? null : (this.failure?.cause ?? null),
      attempts: this.attempts.map((a) => ({
        ...a,
        status: a.status === "RUNNING" && status !== "RUNNING" ? openAttemptStatus(status) : a.status,
      })),
      retryCount: Math.max(0, this.attempts.length - 1),
    };
  }
}

function openAttemptStatus(runStatus: StateRunStatus): Attempt["status"] {
  switch (runStatus) {
    case "TIMED_OUT":
      return "TIMED_OUT";
    case "FAILED":
    case "CAUGHT":
      return "FAILED";
    case "ABORTED":
    case "SUCCEEDED":
    case "RUNNING":
      return "ABORTED";
    default: {
      const never: never = runStatus;
      return never;
    }
  }
}
