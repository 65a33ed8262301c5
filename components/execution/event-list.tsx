"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState } from "react";
import { Timestamp } from "@/components/time/timestamp";
import type { EventRunLink } from "@/lib/execution-view/link-events-to-runs";
import type { EventRow } from "@/lib/queries/execution-detail-types";
import { EventDetailsView } from "./event-details-view";

const rowHeight = 28;

/** The grid the column headers and every row share. */
const columns = "grid w-full grid-cols-[4rem_4rem_13rem_16rem_12rem_1fr] items-center gap-2 px-6";

/**
 * Every event of the history, virtualized (25,000 rows stay smooth: only the visible
 * ones are in the DOM), filterable by type and state; a row opens to its full JSON, and its
 * state links to that state run in the graph (or timeline) with its detail open.
 */
export function EventList({
  executionArn,
  events,
  links,
  stateHref,
  onOpenState,
  filter,
  onFilter,
}: {
  executionArn: string;
  events: readonly EventRow[];
  /** Event id → its state run; null while the runs load (states show unlinked). */
  links: ReadonlyMap<number, EventRunLink> | null;
  stateHref: (link: EventRunLink) => string;
  onOpenState: (link: EventRunLink) => void;
  /** The type and state shown ("" = all); kept by the page in the URL, so a filtered list can be shared. */
  filter: { type: string; state: string };
  onFilter: (filter: { type: string; state: string }) => void;
}) {
  const { type, state } = filter;
  const [open, setOpen] = useState<number | null>(null);
  const types = useMemo(() => [...new Set(events.map((e) => e.type))].sort(), [events]);
  const states = useMemo(
    () => [...new Set(events.flatMap((e) => (e.stateName ? [e.stateName] : [])))].sort(),
    [events],
  );
  const shown = useMemo(
    () => events.filter((e) => (!type || e.type === type) && (!state || e.stateName === state)),
    [events, type, state],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 20,
  });
  const select = "rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900";

  return (
    <section aria-label="Events" className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-2 px-6 py-2">
        <select
          aria-label="Event type"
          className={select}
          value={type}
          onChange={(e) => onFilter({ type: e.target.value, state })}
        >
          <option value="">All types</option>
          {types.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <select
          aria-label="State"
          className={select}
          value={state}
          onChange={(e) => onFilter({ type, state: e.target.value })}
        >
          <option value="">All states</option>
          {states.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <span className="text-zinc-500" data-testid="event-count">
          {shown.length.toLocaleString("en")} of {events.length.toLocaleString("en")} events
        </span>
      </div>
      <div
        ref={scroller}
        className="h-[60vh] overflow-auto border-t border-zinc-200 dark:border-zinc-800"
        data-testid="event-scroller"
      >
        <div role="table" aria-rowcount={shown.length + 1}>
          <div role="rowgroup" className="sticky top-0 z-10 bg-zinc-50 dark:bg-zinc-900">
            <div
              role="row"
              className={`${columns} border-b border-zinc-200 py-1 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800`}
              data-testid="event-columns"
            >
              <span role="columnheader">#</span>
              <span role="columnheader" title="previous event">
                Prev
              </span>
              <span role="columnheader">Time</span>
              <span role="columnheader">Type</span>
              <span role="columnheader">State</span>
              <span role="columnheader">Details</span>
            </div>
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => {
              const e = shown[item.index]!;
              const isOpen = open === e.id;
              const failure = e.type.endsWith("Failed") || e.type.endsWith("TimedOut") || e.type.endsWith("Aborted");
              const link = links?.get(e.id) ?? null;
              return (
                <div
                  key={e.id}
                  role="row"
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="absolute left-0 w-full border-b border-zinc-100 dark:border-zinc-800/60"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <div
                    className={`${columns} hover:bg-zinc-50 dark:hover:bg-zinc-900 ${failure ? "text-red-700 dark:text-red-400" : ""}`}
                    style={{ height: rowHeight }}
                  >
                    <button
                      type="button"
                      aria-expanded={isOpen}
                      onClick={() => setOpen(isOpen ? null : e.id)}
                      className="col-span-4 grid grid-cols-subgrid items-center text-left"
                    >
                      <span role="cell" className="tabular-nums text-zinc-500">
                        {e.id}
                      </span>
                      <span role="cell" className="tabular-nums text-zinc-400" title="previous event">
                        {e.previousEventId || ""}
                      </span>
                      <span role="cell">
                        <Timestamp iso={e.timestamp} />
                      </span>
                      <span role="cell" className="truncate font-medium">
                        {failure ? <span aria-hidden="true">✕ </span> : null}
                        {e.type}
                      </span>
                    </button>
                    <span role="cell" className="truncate">
                      {link ? (
                        <a
                          href={stateHref(link)}
                          data-testid="event-state-link"
                          title={`Show ${link.nodeId} (run ${link.runKey})`}
                          className="text-blue-700 hover:underline dark:text-blue-400"
                          onClick={(ev) => {
                            if (ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
                            ev.preventDefault();
                            onOpenState(link);
                          }}
                        >
                          {e.stateName}
                        </a>
                      ) : (
                        (e.stateName ?? "")
                      )}
                    </span>
                    <span role="cell" className="truncate text-zinc-500">
                      {e.gist ?? ""}
                    </span>
                  </div>
                  {isOpen ? <EventDetailsView executionArn={executionArn} eventId={e.id} /> : null}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
