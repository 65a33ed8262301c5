import { classifyEvent, type EventKind } from "../classify-event";
import { detailNumber, detailString, eventDetails } from "../event-details";
import type { EventDetails, HistoryEvent } from "../types";
import { findAborted, findByName, findContainer, findEvaluated, findTask, isUnder } from "./find-run";
import { RunBuilder, Scope } from "./run-builder";
import { failureFrom, openAttempt, recordAttemptEvent } from "./run-attempts";

/** The execution-level facts the walk collects besides the runs. */
export interface Terminal {
  readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  readonly event: HistoryEvent;
  /** The run the terminal event points back to (`previousEventId`), else the last top-level run. */
  readonly cause: RunBuilder | null;
  /** Runs open when the execution ended, in entry order. */
  readonly open: readonly RunBuilder[];
}

/**
 * Walks a canonical history once, attributing every event to a state run and scope through
 * its `previousEventId` (AWS interleaves Parallel branches and Map iterations; the chain
 * says which one an event belongs to). O(n) except for rare fallbacks (`*StateAborted`
 * events that point at a sibling, `EvaluationFailed` with `previousEventId` 0) that scan
 * the open runs.
 */
export class HistoryWalker {
  readonly top = new Scope([], null, null, "");
  readonly runs: RunBuilder[] = [];
  readonly terminals: Terminal[] = [];
  started: HistoryEvent | null = null;
  succeeded: HistoryEvent | null = null;
  redriveCount = 0;
  stateEntered = 0;
  mapRunChildExecutions = 0;
  private readonly scopeOf = new Map<number, Scope>();
  private readonly runOf = new Map<number, RunBuilder>();
  private readonly parallelStart = new Map<number, RunBuilder>();
  private readonly iterationStart = new Map<number, Scope>();
  private readonly openRuns = new Set<RunBuilder>();

  walk(events: readonly HistoryEvent[]): void {
    for (const event of events) this.step(event, classifyEvent(event.type));
  }

  private step(event: HistoryEvent, kind: EventKind): void {
    const details = eventDetails(event);
    const prevRun = this.runOf.get(event.previousEventId) ?? null;
    const prevScope = this.scopeOf.get(event.previousEventId) ?? this.top;
    let run: RunBuilder | null = null;
    let scope = prevScope;
    switch (kind.kind) {
      case "state-entered":
        run = this.enter(event, kind.stateType, details, this.bodyScope(event.previousEventId, prevScope));
        scope = run.scope;
        break;
      case "state-exited":
        run = findByName(this.openRuns, detailString(details, "name"), prevRun, prevScope);
        if (run !== null) this.exit(run, event, details);
        break;
      case "state-aborted":
        run = findAborted(this.openRuns, kind.stateType, prevRun, prevScope);
        if (run !== null) {
          run.abortedEventId = event.id;
          run.exitedAt = event.timestamp;
          this.close(run);
        }
        break;
      case "attempt-scheduled":
      case "attempt-progress":
      case "attempt-ended":
        run = findTask(this.openRuns, prevRun, prevScope);
        if (run !== null) recordAttemptEvent(run, event, kind, details);
        break;
      case "container-started":
      case "container-ended":
        // A retried Map/Parallel may start again without a recorded end: `Started` takes either.
        run = findContainer(
          this.openRuns,
          kind.container,
          null,
          kind.kind === "container-ended" ? true : null,
          prevRun,
          prevScope,
        );
        if (run !== null) {
          if (kind.kind === "container-ended" && kind.outcome === "FAILED")
            this.failSilentChild(run, prevRun, event.id);
          this.containerStep(run, event, kind, details);
        }
        break;
      case "iteration-started":
      case "iteration-ended":
        run = findContainer(this.openRuns, "Map", detailString(details, "name"), true, prevRun, prevScope);
        if (run !== null && kind.kind === "iteration-ended" && kind.outcome === "FAILED")
          this.failSilentChild(run, prevRun, event.id);
        if (run !== null) this.iterationStep(run, event, kind, details);
        break;
      case "map-run":
        run = findContainer(this.openRuns, "Map", null, true, prevRun, prevScope);
        if (run !== null) this.mapRunStep(run, kind.phase, details, event.id);
        break;
      case "evaluation-failed":
        run = findEvaluated(this.openRuns, detailString(details, "state"), prevRun, prevScope);
        if (run !== null) run.failure = failureFrom(details, event.id, false);
        break;
      case "execution-started":
        this.started ??= event;
        scope = this.top;
        break;
      case "execution-ended":
        this.endExecution(event, kind.status, prevRun);
        scope = this.top;
        break;
      case "execution-redriven":
        this.redriveCount++;
        scope = this.top;
        break;
      case "other":
        run = prevRun;
        break;
      default: {
        const never: never = kind;
        return never;
      }
    }
    if (run !== null) this.runOf.set(event.id, run);
    this.scopeOf.set(event.id, run?.scope ?? scope);
  }

  /** The scope a new state enters: a fresh Parallel branch, a Map iteration, or the previous event's scope. */
  private bodyScope(previousEventId: number, prevScope: Scope): Scope {
    const parallel = this.parallelStart.get(previousEventId);
    if (parallel !== undefined) {
      const index = parallel.branchCount++;
      const attempt = parallel.attempts.length - 1;
      return new Scope(
        [...parallel.scope.segments, { kind: "parallel-branch", state: parallel.name, index }],
        parallel,
        parallel.scope,
        `${parallel.key}${attempt > 0 ? `@${attempt}` : ""}/b${index}/`,
      );
    }
    return this.iterationStart.get(previousEventId) ?? prevScope;
  }

  private enter(event: HistoryEvent, stateType: string, details: EventDetails, scope: Scope): RunBuilder {
    const name = detailString(details, "name") ?? stateType;
    const previous = scope.lastRun;
    // A failed run followed by another state in the same scope, without `*StateExited`: a `Catch` moved on.
    if (previous !== null && previous.open && previous.failure !== null) {
      previous.caught = true;
      this.close(previous);
    }
    const run = new RunBuilder(
      scope.nextKey(name),
      name,
      stateType,
      scope,
      event.id,
      event.timestamp,
      detailString(details, "input"),
    );
    scope.lastRun = run;
    scope.owner?.children.push(run);
    this.runs.push(run);
    this.stateEntered++;
    if (stateType === "Fail")
      run.failure = {
        error: detailString(details, "error"),
        cause: detailString(details, "cause"),
        eventId: event.id,
        timedOut: false,
      };
    else this.openRuns.add(run);
    if (stateType === "Fail") run.open = false;
    return run;
  }

  private exit(run: RunBuilder, event: HistoryEvent, details: EventDetails): void {
    // `*StateExited` after a failure: the failure was caught (AWS exits the state before the `Catch` target).
    if (run.failure !== null) run.caught = true;
    else {
      run.exitedEventId = event.id;
      run.exitedAt = event.timestamp;
    }
    if (run.caught) run.exitedAt = event.timestamp;
    run.output = detailString(details, "output");
    this.close(run);
  }

  private close(run: RunBuilder): void {
    run.open = false;
    this.openRuns.delete(run);
  }

  private containerStep(run: RunBuilder, event: HistoryEvent, kind: EventKind, details: EventDetails): void {
    if (kind.kind === "container-started") {
      openAttempt(run, event);
      run.containerRunning = true;
      run.branchCount = 0;
      if (kind.container === "Parallel") this.parallelStart.set(event.id, run);
      run.mapLength = detailNumber(details, "length") ?? run.mapLength;
      return;
    }
    if (kind.kind !== "container-ended") return;
    run.containerRunning = false;
    const attempt = run.currentAttempt();
    if (attempt !== undefined) {
      attempt.endEventId = event.id;
      attempt.endedAt = event.timestamp;
      attempt.status = kind.outcome;
    }
    // `MapRunFailed` or `EvaluationFailed` may already have said why (with `error`/`cause`).
    if (kind.outcome === "FAILED") run.failure ??= { error: null, cause: null, eventId: event.id, timedOut: false };
  }

  private iterationStep(run: RunBuilder, event: HistoryEvent, kind: EventKind, details: EventDetails): void {
    const index = detailNumber(details, "index") ?? run.iterations.size;
    if (kind.kind === "iteration-started") {
      const attempt = Math.max(0, run.attempts.length - 1);
      const scope = new Scope(
        [...run.scope.segments, { kind: "map-iteration", state: run.name, index }],
        run,
        run.scope,
        `${run.key}${attempt > 0 ? `@${attempt}` : ""}/i${index}/`,
      );
      run.iterations.set(index, scope);
      this.iterationStart.set(event.id, scope);
    }
  }

  private mapRunStep(
    run: RunBuilder,
    phase: "started" | "succeeded" | "failed" | "aborted" | "redriven",
    details: EventDetails,
    eventId: number,
  ): void {
    if (phase === "started") {
      run.distributed = true;
      this.mapRunChildExecutions += run.mapLength ?? 0;
    }
    if (phase === "failed") run.failure = failureFrom(details, eventId, false);
  }

  private endExecution(event: HistoryEvent, status: Terminal["status"], prevRun: RunBuilder | null): void {
    if (status === "SUCCEEDED") this.succeeded = event;
    const open = [...this.openRuns];
    this.terminals.push({ status, event, cause: prevRun ?? this.top.lastRun, open });
    const endedBy = status === "TIMED_OUT" ? "TIMED_OUT" : "ABORTED";
    for (const run of open) {
      run.endedBy = endedBy;
      run.open = false;
      // It stopped when the execution did: a redrive later re-enters it as a new run, so
      // nothing may reach across the gap to the redrive's end (nor look still running).
      run.exitedAt ??= event.timestamp;
      const attempt = run.currentAttempt();
      if (attempt !== undefined) attempt.endedAt ??= event.timestamp;
    }
    // A redrive re-enters the unfinished states as new runs: nothing stays open across it.
    this.openRuns.clear();
  }

  /** A run that stopped a Map iteration or Parallel branch without a failure event of its own (a `Fail`-less runtime error). */
  private failSilentChild(container: RunBuilder, prevRun: RunBuilder | null, eventId: number): void {
    if (prevRun === null || prevRun === container || !prevRun.open || prevRun.failure !== null) return;
    if (isUnder(prevRun, container)) prevRun.failure = { error: null, cause: null, eventId, timedOut: false };
  }
}
