import { nodeIdOfRun } from "./node-id-of-run";
import { runViewStatus, worseStatus, type StateViewStatus } from "./state-status";
import { executionAttemptOf } from "@/lib/history/derive-execution-attempts";
import type { ExecutionViewData, ViewExecutionAttempt, ViewRun } from "./view-types";

/** A piece of a bar: an attempt (by outcome) or the retry backoff before one. Times in ms from the execution's start. */
export interface TimelineSegment {
  readonly kind: "attempt" | "backoff";
  readonly startMs: number;
  readonly endMs: number;
  readonly status: StateViewStatus;
  /** 1-based attempt number (the backoff carries the number of the attempt it precedes). */
  readonly attempt: number;
  readonly error: string | null;
}

/** One line of the Gantt: a state run, or the Parallel branch / Map iteration holding runs. */
export interface TimelineRow {
  readonly id: string;
  /** A state run, a Parallel branch / Map iteration holding runs, or (redriven executions) one attempt of the execution. */
  readonly kind: "run" | "group" | "attempt";
  readonly depth: number;
  readonly label: string;
  readonly stateType: string | null;
  readonly runKey: string | null;
  /** Graph node id, for "show in graph" and the detail panel. */
  readonly nodeId: string | null;
  readonly status: StateViewStatus;
  readonly startMs: number;
  readonly endMs: number;
  /** True while the run had not ended when the history was read. */
  readonly open: boolean;
  readonly segments: readonly TimelineSegment[];
  readonly retries: number;
  /** Rows below this one that belong to it (skip them when it is collapsed). */
  readonly descendantCount: number;
  /** On the critical path: the chain of runs and the latest-ending branch/iteration that decided the end. */
  readonly critical: boolean;
}

export interface TimelineModel {
  readonly rows: readonly TimelineRow[];
  /** Span drawn, ms from `originMs`. */
  readonly spanMs: number;
  /** Epoch ms of offset 0: the execution's start, or the chosen attempt's. */
  readonly originMs: number;
}

/** Which of a redriven execution's attempts the Timeline draws: one (0 the first run, n redrive n), or all of them. */
export type TimelineAttempt = number | "all";

/** "First run" or "Redrive n". */
export function attemptLabel(index: number): string {
  return index === 0 ? "First run" : `Redrive ${index}`;
}

/**
 * The Timeline's rows, computed once per history: every run in entry order, runs inside a
 * Parallel/Map nested under a row per branch or iteration, each attempt a segment with the
 * backoff between attempts as its own segment, and the critical path marked.
 * `nowMs` closes runs still open (the execution's end, else the time of reading).
 */
export function buildTimeline(view: ExecutionViewData, nowMs: number, attempt: TimelineAttempt = "all"): TimelineModel {
  // Attempts in order (the first run, then each redrive); one attempt when never redriven.
  const attempts = view.attempts.length
    ? view.attempts
    : [
        {
          index: 0,
          startEventId: 0,
          startMs: view.startMs,
          endMs: view.endMs,
          status: "RUNNING" as const,
          error: null,
        },
      ];
  const redriveOf = (r: ViewRun) => executionAttemptOf(attempts, r.enteredEventId);
  const shown = attempt === "all" ? null : (attempts.find((a) => a.index === attempt) ?? attempts[attempts.length - 1]);
  const origin = shown?.startMs ?? view.startMs;
  const endOfAttempt = new Map(
    attempts.map((a, i) => [a.index, a.endMs ?? attempts[i + 1]?.startMs ?? view.endMs ?? nowMs]),
  );
  const runs = shown ? view.runs.filter((r) => redriveOf(r) === shown.index) : view.runs;
  let latest = shown ? (endOfAttempt.get(shown.index) ?? nowMs) : (view.endMs ?? nowMs);
  for (const r of runs) latest = Math.max(latest, r.endMs ?? r.startMs);
  const children = new Map<string | null, ViewRun[]>();
  for (const r of runs) {
    const list = children.get(r.parentKey) ?? [];
    list.push(r);
    children.set(r.parentKey, list);
  }
  // A run the history leaves open ends with its own attempt of the execution, never with a later redrive.
  const closeAtOf = (r: ViewRun) => endOfAttempt.get(redriveOf(r)) ?? view.endMs ?? nowMs;
  const rows: TimelineRow[] = [];

  const addRuns = (runs: readonly ViewRun[], depth: number, critical: boolean): void => {
    for (const run of runs) {
      const at = rows.length;
      const retries = Math.max(0, run.attempts.length - 1);
      const closeAt = closeAtOf(run);
      const end = run.endMs ?? closeAt;
      rows.push({
        id: run.key,
        kind: "run",
        depth,
        label: run.name,
        stateType: run.stateType,
        runKey: run.key,
        nodeId: nodeIdOfRun(run.scope, run.name),
        status: runViewStatus(run.status, retries),
        startMs: run.startMs - origin,
        endMs: end - origin,
        open: run.endMs === null,
        segments: segmentsOf(run, origin, closeAt),
        retries,
        descendantCount: 0,
        critical,
      });
      addGroups(run, depth + 1, critical);
      const row = rows[at];
      if (row) rows[at] = { ...row, descendantCount: rows.length - at - 1 };
    }
  };

  const addGroups = (parent: ViewRun, depth: number, critical: boolean): void => {
    const kids = children.get(parent.key);
    if (!kids?.length) return;
    const groups = new Map<string, { label: string; runs: ViewRun[] }>();
    for (const k of kids) {
      const seg = k.scope[k.scope.length - 1];
      const id = seg ? `${seg.kind}:${seg.index}` : "?";
      const label = seg ? (seg.kind === "parallel-branch" ? `Branch ${seg.index + 1}` : `Iteration ${seg.index}`) : "?";
      const g = groups.get(id) ?? { label, runs: [] };
      g.runs.push(k);
      groups.set(id, g);
    }
    const endOf = (g: { runs: ViewRun[] }) => Math.max(...g.runs.map((r) => r.endMs ?? closeAtOf(r)));
    let criticalGroup: string | null = null;
    if (critical) {
      let best = -Infinity;
      for (const [id, g] of groups) if (endOf(g) > best) [best, criticalGroup] = [endOf(g), id];
    }
    for (const [id, g] of groups) {
      const at = rows.length;
      let status: StateViewStatus = "not-reached";
      for (const r of g.runs)
        status = worseStatus(
          status,
          runViewStatus(r.status, 0) === "caught" ? "succeeded" : runViewStatus(r.status, 0),
        );
      const first = g.runs[0];
      rows.push({
        id: `${parent.key}/${id}`,
        kind: "group",
        depth,
        label: g.label,
        stateType: null,
        runKey: null,
        nodeId: null,
        status,
        startMs: (first?.startMs ?? origin) - origin,
        endMs: endOf(g) - origin,
        open: g.runs.some((r) => r.endMs === null),
        segments: [],
        retries: 0,
        descendantCount: 0,
        critical: id === criticalGroup,
      });
      addRuns(g.runs, depth + 1, id === criticalGroup);
      const row = rows[at];
      if (row) rows[at] = { ...row, descendantCount: rows.length - at - 1 };
    }
  };

  const top = children.get(null) ?? [];
  if (shown !== null || attempts.length < 2) addRuns(top, 0, true);
  else {
    // Every attempt under a row of its own, the latest first; only the latest decided the end.
    for (const a of [...attempts].reverse()) {
      const at = rows.length;
      const end = endOfAttempt.get(a.index) ?? nowMs;
      rows.push({
        id: `attempt:${a.index}`,
        kind: "attempt",
        depth: 0,
        label: attemptLabel(a.index),
        stateType: null,
        runKey: null,
        nodeId: null,
        status: attemptViewStatus(a.status),
        startMs: a.startMs - origin,
        endMs: end - origin,
        open: a.endMs === null,
        segments: [],
        retries: 0,
        descendantCount: 0,
        critical: false,
      });
      addRuns(
        top.filter((r) => redriveOf(r) === a.index),
        1,
        a === attempts[attempts.length - 1],
      );
      const row = rows[at];
      if (row) rows[at] = { ...row, descendantCount: rows.length - at - 1 };
    }
  }
  return { rows, spanMs: Math.max(1, latest - origin), originMs: origin };
}

function attemptViewStatus(status: ViewExecutionAttempt["status"]): StateViewStatus {
  switch (status) {
    case "SUCCEEDED":
      return "succeeded";
    case "FAILED":
      return "failed";
    case "TIMED_OUT":
      return "timed-out";
    case "ABORTED":
      return "aborted";
    case "RUNNING":
      return "running";
    default: {
      const never: never = status;
      return never;
    }
  }
}

function segmentsOf(run: ViewRun, origin: number, closeAt: number): TimelineSegment[] {
  const out: TimelineSegment[] = [];
  let prevEnd: number | null = null;
  const last = run.attempts.length - 1;
  run.attempts.forEach((a, i) => {
    if (prevEnd !== null && a.startMs > prevEnd) {
      out.push({
        kind: "backoff",
        startMs: prevEnd - origin,
        endMs: a.startMs - origin,
        status: "running",
        attempt: i + 1,
        error: null,
      });
    }
    const end = a.endMs ?? closeAt;
    // The final attempt shows the run's outcome (caught, retried); earlier ones their own failure.
    const status: StateViewStatus =
      i === last
        ? runViewStatus(run.status, 0)
        : a.status === "SUCCEEDED"
          ? "succeeded"
          : a.status === "TIMED_OUT"
            ? "timed-out"
            : a.status === "ABORTED"
              ? "aborted"
              : a.status === "RUNNING"
                ? "running"
                : "failed";
    out.push({
      kind: "attempt",
      startMs: a.startMs - origin,
      endMs: end - origin,
      status,
      attempt: i + 1,
      error: a.error,
    });
    prevEnd = end;
  });
  return out;
}

/** Indexes of the rows to show when the rows with these ids are collapsed. */
export function visibleRowIndexes(rows: readonly TimelineRow[], collapsed: ReadonlySet<string>): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!row) break;
    out.push(i);
    if (collapsed.has(row.id)) i += row.descendantCount;
  }
  return out;
}
