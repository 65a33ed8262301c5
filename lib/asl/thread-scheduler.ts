import type { Clock } from "./clock";

/**
 * Where a thread (a Parallel branch, a Map iteration) sits among the concurrent ones: cancelled
 * with its container when a sibling fails, and with it everything nested inside it.
 */
export interface Lineage {
  cancelled: boolean;
  readonly parent: Lineage | undefined;
}

/** Whether `lineage` or a container around it was cancelled. */
export function isCancelled(lineage: Lineage | undefined): boolean {
  for (let l = lineage; l !== undefined; l = l.parent) if (l.cancelled) return true;
  return false;
}

/** A suspended thread: waiting for its turn (`ready`) or for a time on the clock (`timers`). */
export interface Waiter {
  readonly at: number;
  readonly seq: number;
  readonly lineage: Lineage | undefined;
  /** The execution's per-thread state when it stopped running. */
  readonly saved: unknown;
  queued: boolean;
  granted: boolean;
  resume: (() => void) | undefined;
}

/**
 * Made by `new`, not as a literal: V8 may pretenure a literal's allocation site, and a dead waiter
 * in the old generation then keeps its thread's saved recorder, and with it the whole history,
 * alive through every scavenge until the next full collection (see plain-records.ts).
 */
class WaiterRecord implements Waiter {
  at: number;
  seq: number;
  readonly lineage: Lineage | undefined;
  saved: unknown;
  queued = false;
  granted = false;
  resume: (() => void) | undefined = undefined;
  constructor(at: number, seq: number, lineage: Lineage | undefined, saved: unknown) {
    this.at = at;
    this.seq = seq;
    this.lineage = lineage;
    this.saved = saved;
  }
}

/**
 * Runs the threads of Parallel branches and Map iterations interleaved on one clock, one at a
 * time: a thread runs until it waits on the clock (a Wait, a Task's duration or timeout, a
 * Retry's backoff) or ends; then the next thread whose turn it is runs, and only when every thread
 * waits does the clock move on, to the earliest wake-up (ties in the order they began waiting).
 * So a history is the same on every run, and a sibling's failure at minute 5 stops a branch that
 * polls every minute at minute 5. Without concurrent threads a wait is the clock's own.
 * `save`/`restore` carry the execution's per-thread state (its recorder and deadline) across a switch.
 */
export class ThreadScheduler {
  /** Containers running concurrent threads; 0: no turn-taking. */
  private groups = 0;
  private seq = 0;
  private readonly ready: Waiter[] = Array.of<Waiter>();
  private readonly timers: Waiter[] = Array.of<Waiter>();
  private readonly base: Clock;
  private readonly save: () => unknown;
  private readonly restore: (saved: unknown) => void;

  constructor(base: Clock, save: () => unknown, restore: (saved: unknown) => void) {
    this.base = base;
    this.save = save;
    this.restore = restore;
  }

  /** The clock every thread's turns are taken on. */
  get baseClock(): Clock {
    return this.base;
  }

  /** The clock as the thread of `lineage` sees it: its waits take turns while threads run concurrently. */
  clockFor(lineage: Lineage | undefined): Clock {
    const base = this.base;
    if (this.groups === 0) return base;
    return new TurnClock(this, lineage);
  }

  /** Waits `ms` on the clock as the thread of `lineage`. */
  sleep(ms: number, lineage: Lineage | undefined): Promise<void> {
    if (this.groups === 0) return this.base.sleep(ms);
    const waiter = this.waiter(this.base.now() + Math.max(0, ms), lineage);
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1] as Waiter).at > waiter.at) i--;
    this.timers.splice(i, 0, waiter);
    waiter.queued = true;
    return this.suspend(waiter, true);
  }

  /** Lets the other threads of this instant run first: a wait of 0 ms, in turn (nothing without concurrent threads). */
  yieldTurn(lineage: Lineage | undefined): Promise<void> | undefined {
    return this.groups === 0 ? undefined : this.sleep(0, lineage);
  }

  /** A container starts running threads concurrently. */
  enterGroup(): void {
    this.groups++;
  }

  /** A container's threads have all ended (or were cancelled). */
  leaveGroup(): void {
    this.groups--;
  }

  private waiter(at: number, lineage: Lineage | undefined): Waiter {
    return new WaiterRecord(at, this.seq++, lineage, this.save());
  }

  /**
   * A container about to run one of its threads in its own call: its place at the head of the
   * queue, so the turn comes back to it as soon as that thread waits or ends. `spare`: the place it
   * lent last time, reused when that thread ended within its call.
   */
  lend(lineage: Lineage | undefined, spare?: Waiter): Waiter {
    let waiter: Waiter;
    // The place lent for a thread that ended within its call was never waited on: the container's next one reuses it
    // (a Map of 10,000 Pass/Choice items lends 10,000 times).
    if (
      spare instanceof WaiterRecord &&
      spare.lineage === lineage &&
      !spare.queued &&
      !spare.granted &&
      spare.resume === undefined
    ) {
      spare.at = this.base.now();
      spare.seq = this.seq++;
      spare.saved = this.save();
      waiter = spare;
    } else waiter = this.waiter(this.base.now(), lineage);
    this.ready.unshift(waiter);
    waiter.queued = true;
    return waiter;
  }

  /** The thread ended within the call: the container keeps the turn. */
  unlend(waiter: Waiter): void {
    if (!waiter.queued) return;
    if (this.ready[0] === waiter) this.ready.shift();
    else {
      const i = this.ready.indexOf(waiter);
      if (i >= 0) this.ready.splice(i, 1);
    }
    waiter.queued = false;
  }

  /** A container's place while it waits for one of its threads to end (queued by {@link wake}). */
  parked(lineage: Lineage | undefined): Waiter {
    return this.waiter(this.base.now(), lineage);
  }

  /** Puts a parked container at the head of the queue (one of its threads ended). */
  wake(waiter: Waiter): void {
    if (waiter.queued || waiter.granted) return;
    this.ready.unshift(waiter);
    waiter.queued = true;
  }

  /**
   * Waits until `waiter`'s turn comes, handing the turn on first when `handOn` (a lent
   * container's turn comes back when its thread gives it up); restores the thread's state after.
   */
  async suspend(waiter: Waiter, handOn: boolean): Promise<void> {
    if (!waiter.granted) {
      await new Promise<void>((resolve) => {
        waiter.resume = resolve;
        if (handOn) this.handOn();
      });
    }
    waiter.granted = false;
    this.restore(waiter.saved);
  }

  /** The running thread waits or ends: the next in the queue runs, else the clock moves to the earliest timer. */
  handOn(): void {
    const next = this.ready.shift();
    if (next !== undefined) {
      this.grant(next);
      return;
    }
    const timer = this.timers.shift();
    if (timer === undefined) return;
    const delay = timer.at - this.base.now();
    void this.base.sleep(Math.max(0, delay)).then(() => this.grant(timer));
  }

  private grant(waiter: Waiter): void {
    waiter.queued = false;
    waiter.granted = true;
    waiter.resume?.();
  }

  /** Drops every suspended thread of a cancelled lineage: they never run again. */
  purgeCancelled(): void {
    for (const queue of [this.ready, this.timers]) {
      for (let i = queue.length - 1; i >= 0; i--) {
        const waiter = queue[i] as Waiter;
        if (isCancelled(waiter.lineage)) {
          queue.splice(i, 1);
          waiter.queued = false;
        }
      }
    }
  }
}

/**
 * The clock of a thread among concurrent ones (see {@link ThreadScheduler.clockFor}). Made by `new`,
 * not as a literal: a pretenured literal, dead in the old generation, would keep the scheduler, and
 * through it the execution's history, alive through every scavenge (see plain-records.ts).
 */
class TurnClock implements Clock {
  private readonly threads: ThreadScheduler;
  private readonly lineage: Lineage | undefined;
  private readonly base: Clock;
  readonly realTime?: boolean;
  constructor(threads: ThreadScheduler, lineage: Lineage | undefined) {
    this.threads = threads;
    this.lineage = lineage;
    this.base = threads.baseClock;
    if (this.base.realTime !== undefined) this.realTime = this.base.realTime;
  }

  now(): number {
    return this.base.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    // A wait that a signal can cancel (the real-time race of a Task) stays outside the turns.
    return signal !== undefined ? this.base.sleep(ms, signal) : this.threads.sleep(ms, this.lineage);
  }
}
