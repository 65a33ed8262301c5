import type { Lineage, ThreadScheduler, Waiter } from "../thread-scheduler";
import { ABORTABLE, ExecutionAbort } from "./execution-abort";
import type { Outcome, Thread } from "./state-context";
import type { HistoryRecorder } from "../history-recorder";

/** What a container (Parallel, inline Map) does at each step of its threads. */
export interface ConcurrentChildren {
  /** Starts a child (a Map records `MapIterationStarted`) and gives its thread, with `lineage`. */
  begin(index: number, lineage: Lineage): Thread;
  /** Runs the child's machine to its end. */
  run(index: number, thread: Thread): Outcome | Promise<Outcome>;
  /** A child ended; false: the container fails, and the children still running are stopped. */
  settle(index: number, thread: Thread, outcome: Outcome): boolean;
  /** Records the events of a child stopped by a sibling's failure (or the execution's stop), after `prev`. */
  abandon(index: number, thread: Thread, prev: number): void;
  /** The execution was stopped while this child ran (a Map records `MapIterationAborted`). */
  stopped?: ((index: number, abort: ExecutionAbort) => void) | undefined;
}

/**
 * A container's {@link ConcurrentChildren}, made by `new`, never as a literal: V8 may pretenure a
 * literal's allocation site, and a dead one in the old generation then keeps its closures, and through
 * them the execution and its whole history, alive through every scavenge (see plain-records.ts).
 */
export class ChildrenRecord implements ConcurrentChildren {
  readonly begin: ConcurrentChildren["begin"];
  readonly run: ConcurrentChildren["run"];
  readonly settle: ConcurrentChildren["settle"];
  readonly abandon: ConcurrentChildren["abandon"];
  readonly stopped: ConcurrentChildren["stopped"];
  constructor(
    begin: ConcurrentChildren["begin"],
    run: ConcurrentChildren["run"],
    settle: ConcurrentChildren["settle"],
    abandon: ConcurrentChildren["abandon"],
    stopped?: ConcurrentChildren["stopped"],
  ) {
    this.begin = begin;
    this.run = run;
    this.settle = settle;
    this.abandon = abandon;
    this.stopped = stopped;
  }
}

type Settled = {
  readonly index: number;
  readonly thread: Thread;
  readonly result: { readonly outcome: Outcome } | { readonly error: unknown };
};

// Made by `new`, not as literals: V8 may pretenure a literal's allocation site, and a dead record in
// the old generation keeps a child's thread and outcome alive through every scavenge (see plain-records.ts).
class SettledChild implements Settled {
  readonly index: number;
  readonly thread: Thread;
  readonly result: Settled["result"];
  constructor(index: number, thread: Thread, result: Settled["result"]) {
    this.index = index;
    this.thread = thread;
    this.result = result;
  }
}

class LineageRecord implements Lineage {
  cancelled = false;
  readonly parent: Lineage | undefined;
  constructor(parent: Lineage | undefined) {
    this.parent = parent;
  }
}

/**
 * Runs a container's children (`indices`, in order) concurrently, at most `limit` at a time, on
 * the execution's {@link ThreadScheduler}: every child starts before any ends (a Map records all
 * its `MapIterationStarted` first), a child runs until it waits on the clock or ends, and a
 * freed slot starts the next child at once. When `settle` says the container failed, the children
 * still running are stopped there and then (AWS: when one branch fails, the Parallel stops the
 * others; likewise a Map's iterations), each recording its aborted events after the failure's last event.
 */
export async function runConcurrently(
  threads: ThreadScheduler,
  parent: Thread,
  indices: readonly number[],
  limit: number,
  children: ConcurrentChildren,
): Promise<void> {
  const pending = new Map<number, Thread>();
  const settled: Settled[] = Array.of<Settled>();
  let parked: Waiter | undefined;
  /** The place lent to the last child that ended within its call, for the next one (see `ThreadScheduler.lend`). */
  let spare: Waiter | undefined;
  let next = 0;
  const toRun: number[] = [];
  const fill = (): void => {
    while (pending.size < limit && next < indices.length) {
      const index = indices[next++] as number;
      pending.set(index, children.begin(index, new LineageRecord(parent.lineage)));
      toRun.push(index);
    }
  };
  const stopAll = (prev: number | null): void => {
    const stopping = [...pending].sort((a, b) => a[0] - b[0]);
    for (const [, thread] of stopping) if (thread.lineage !== undefined) thread.lineage.cancelled = true;
    threads.purgeCancelled();
    pending.clear();
    toRun.length = 0;
    if (prev !== null) for (const [index, thread] of stopping) children.abandon(index, thread, prev);
  };
  /** Handles the children that ended; true when the container is done with a failure. */
  const drain = (): boolean => {
    for (let s = settled.shift(); s !== undefined; s = settled.shift()) {
      pending.delete(s.index);
      if ("error" in s.result) {
        const err = s.result.error;
        const stop = err instanceof ExecutionAbort && err.reason === "stop";
        if (stop) children.stopped?.(s.index, err);
        stopAll(stop ? err.prev : null);
        throw err;
      }
      if (!children.settle(s.index, s.thread, s.result.outcome)) {
        stopAll(s.thread.prev);
        return true;
      }
    }
    return false;
  };
  threads.enterGroup();
  parent.abandon = (prev) => stopAll(prev);
  try {
    fill();
    for (;;) {
      for (let index = toRun.shift(); index !== undefined; index = toRun.shift()) {
        const thread = pending.get(index);
        if (thread === undefined) continue;
        // The container lends its turn to the child: back as soon as the child waits or ends.
        const lent = threads.lend(parent.lineage, spare);
        spare = undefined;
        let ran: Outcome | Promise<Outcome>;
        try {
          ran = children.run(index, thread);
        } catch (err) {
          ran = Promise.reject(err);
        }
        if (ran instanceof Promise) {
          const at = index;
          void ran
            .then(
              (outcome) => ({ outcome }),
              (error: unknown) => ({ error }),
            )
            .then((result) => {
              settled.push(new SettledChild(at, thread, result));
              if (parked !== undefined) threads.wake(parked);
              threads.handOn();
            });
          await threads.suspend(lent, false);
        } else {
          threads.unlend(lent);
          spare = lent;
          if (settled.length === 0) {
            // Nothing else ended meanwhile (the usual case): the child is settled here, with no record of it.
            pending.delete(index);
            if (!children.settle(index, thread, ran)) {
              stopAll(thread.prev);
              return;
            }
          } else settled.push(new SettledChild(index, thread, { outcome: ran }));
        }
        if (drain()) return;
        fill();
      }
      if (pending.size === 0) return;
      if (settled.length === 0) {
        parked = threads.parked(parent.lineage);
        await threads.suspend(parked, true);
        parked = undefined;
      }
      if (drain()) return;
      fill();
    }
  } finally {
    parent.abandon = undefined;
    threads.leaveGroup();
  }
}

/** Records the aborted events of a stopped thread: its state's `*StateAborted`, then those of its own children. */
export function abandonThread(recorder: HistoryRecorder, thread: Thread, prev: number): void {
  const type = thread.stateType;
  if (type !== undefined && ABORTABLE.has(type)) recorder.add(`${type}StateAborted`, prev);
  thread.abandon?.(prev);
}
