import type { RunBuilder, Scope } from "./run-builder";

type Container = "Map" | "Parallel";

// Each finder tries the `previousEventId` chain first (O(1)) and scans the open runs only
// when AWS's chain does not say (sibling aborts, `EvaluationFailed` with 0, dropped events).

/** The open run named `name` (`*StateExited`): the previous event's run, else up the scopes, else the latest open one. */
export function findByName(
  open: ReadonlySet<RunBuilder>,
  name: string | null,
  prevRun: RunBuilder | null,
  prevScope: Scope,
): RunBuilder | null {
  if (prevRun !== null && prevRun.open && (name === null || prevRun.name === name)) return prevRun;
  for (let scope: Scope | null = prevScope; scope !== null; scope = scope.parent) {
    if (scope.lastRun?.open === true && scope.lastRun.name === name) return scope.lastRun;
    if (scope.owner?.open === true && scope.owner.name === name) return scope.owner;
  }
  return latestOpen(open, (run) => run.name === name);
}

/** The Task run a `Task*`/`LambdaFunction*`/`Activity*` event belongs to: the previous event's, else the scope's last, else the latest open Task. */
export function findTask(
  open: ReadonlySet<RunBuilder>,
  prevRun: RunBuilder | null,
  prevScope: Scope,
): RunBuilder | null {
  if (prevRun !== null && prevRun.stateType === "Task" && prevRun.open) return prevRun;
  const last = prevScope.lastRun;
  if (last !== null && last.stateType === "Task" && last.open) return last;
  return latestOpen(open, (run) => run.stateType === "Task");
}

/** The open Map/Parallel run (optionally named, optionally only while between `*StateStarted` and its end) an event belongs to. */
export function findContainer(
  open: ReadonlySet<RunBuilder>,
  container: Container,
  name: string | null,
  running: boolean | null,
  prevRun: RunBuilder | null,
  prevScope: Scope,
): RunBuilder | null {
  const fits = (run: RunBuilder | null): run is RunBuilder =>
    run !== null &&
    run.open &&
    run.stateType === container &&
    (running === null || run.containerRunning === running) &&
    (name === null || run.name === name);
  if (fits(prevRun)) return prevRun;
  for (let scope: Scope | null = prevScope; scope !== null; scope = scope.parent) {
    if (fits(scope.owner)) return scope.owner;
    if (fits(scope.lastRun)) return scope.lastRun;
  }
  return latestOpen(open, (run) => fits(run));
}

/** The run a nameless `*StateAborted` ends. */
export function findAborted(
  open: ReadonlySet<RunBuilder>,
  stateType: string,
  prevRun: RunBuilder | null,
  prevScope: Scope,
): RunBuilder | null {
  if (prevRun !== null && prevRun.open && prevRun.stateType === stateType) return prevRun;
  // AWS points sibling aborts (other branches/iterations) at the failing event: take the
  // earliest open run of that type under the nearest enclosing Map/Parallel.
  const container = prevScope.owner;
  for (const run of open) {
    if (run.stateType !== stateType) continue;
    if (container === null || isUnder(run, container)) return run;
  }
  for (const run of open) if (run.stateType === stateType) return run;
  return null;
}

/** The run an `EvaluationFailed` (`state` names it) belongs to; AWS may give it `previousEventId` 0. */
export function findEvaluated(
  open: ReadonlySet<RunBuilder>,
  state: string | null,
  prevRun: RunBuilder | null,
  prevScope: Scope,
): RunBuilder | null {
  if (prevRun !== null && prevRun.open && (state === null || prevRun.name === state)) return prevRun;
  if (state !== null) return latestOpen(open, (run) => run.name === state) ?? prevScope.lastRun;
  return prevScope.lastRun;
}

/** Whether `run` sits (at any depth) inside a branch or iteration of `container`. */
export function isUnder(run: RunBuilder, container: RunBuilder): boolean {
  for (let owner = run.scope.owner; owner !== null; owner = owner.scope.owner) if (owner === container) return true;
  return false;
}

function latestOpen(open: ReadonlySet<RunBuilder>, test: (run: RunBuilder) => boolean): RunBuilder | null {
  let found: RunBuilder | null = null;
  for (const run of open) if (test(run)) found = run;
  return found;
}
