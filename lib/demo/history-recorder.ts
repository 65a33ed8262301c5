import type { HistoryEvent } from "@/lib/history/types";

/** JSON values as the demo builds payloads before they are stringified. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** An event before ids are assigned; `t` is ms since the execution started. */
export interface DraftEvent {
  readonly seq: number;
  readonly t: number;
  readonly prev: DraftEvent | null;
  readonly type: string;
  readonly detailsKey: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
  dropped: boolean;
}

/**
 * One causal chain of events (the top level, one Parallel branch, one Map iteration).
 * Each emitted event points to the chain's previous event, and the chain's clock only
 * moves forward, so `prev.t <= t` always holds.
 */
export class Track {
  readonly events: DraftEvent[] = [];
  private readonly origin: DraftEvent | null;
  constructor(
    private readonly recorder: Recorder,
    public t: number,
    public last: DraftEvent | null,
  ) {
    this.origin = last;
  }

  /** Appends an event `gapMs` after the chain's clock, caused by the chain's last event. */
  emit(type: string, gapMs: number, detailsKey?: string, details?: Readonly<Record<string, unknown>>): DraftEvent {
    this.t += Math.max(0, Math.round(gapMs));
    const event = this.recorder.draft(this.t, this.last, type, detailsKey ?? null, details ?? null);
    this.events.push(event);
    this.last = event;
    return event;
  }

  /** Moves the chain's clock forward without an event (work in progress, backoff). */
  advance(ms: number): void {
    this.t += Math.max(0, Math.round(ms));
  }

  /** Drops the chain's events after `cutoff` (an abort or a sibling's failure stopped it). */
  truncateAfter(cutoff: number): void {
    let kept: DraftEvent | null = null;
    for (const event of this.events) {
      if (event.t > cutoff) event.dropped = true;
      else kept = event;
    }
    this.last = kept ?? this.origin;
    this.t = Math.min(this.t, cutoff);
  }

  /** Events of this chain that survive truncation. */
  kept(): DraftEvent[] {
    return this.events.filter((event) => !event.dropped);
  }
}

/** Collects draft events from many tracks and turns them into a `HistoryEvent[]`. */
export class Recorder {
  private seq = 0;
  private readonly drafts: DraftEvent[] = [];

  track(t: number, last: DraftEvent | null): Track {
    return new Track(this, t, last);
  }

  draft(
    t: number,
    prev: DraftEvent | null,
    type: string,
    detailsKey: string | null,
    details: Readonly<Record<string, unknown>> | null,
  ): DraftEvent {
    const event: DraftEvent = { seq: this.seq, t, prev, type, detailsKey, details, dropped: false };
    this.seq += 1;
    this.drafts.push(event);
    return event;
  }

  /**
   * Orders events by time (creation order breaks ties, and a cause is always created
   * before its effect), numbers them from 1 and resolves `previousEventId`. Events later
   * than `cutoffMs` (relative) are left out: that is how a RUNNING execution looks.
   */
  build(startMs: number, cutoffMs = Number.POSITIVE_INFINITY): HistoryEvent[] {
    const kept = this.drafts
      .filter((event) => !event.dropped && event.t <= cutoffMs)
      .sort((a, b) => a.t - b.t || a.seq - b.seq);
    const ids = new Map<DraftEvent, number>();
    return kept.map((event, index) => {
      const id = index + 1;
      ids.set(event, id);
      const previousEventId = event.prev === null ? 0 : ids.get(event.prev);
      if (previousEventId === undefined) {
        throw new Error(`demo history: event ${event.type} points to a dropped or later event`);
      }
      const base = { id, previousEventId, timestamp: new Date(startMs + event.t).toISOString(), type: event.type };
      return event.detailsKey === null || event.details === null
        ? base
        : { ...base, [event.detailsKey]: event.details };
    });
  }
}
