"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { getStatusStyle } from "@/components/status/status-style";
import { statusFill } from "@/components/execution/graph/status-tone";
import { toDisplayStatus } from "@/lib/execution-view/state-status";
import { describeRow, describeSegment, timelineTicks } from "@/lib/execution-view/timeline-axis";
import { visibleRowIndexes, type TimelineModel } from "@/lib/execution-view/timeline-rows";

const rowHeight = 26;
const labelWidth = 280;
/** Backoff is hatched (not a fill colour) so it reads as waiting, not work. */
const backoffStyle = {
  backgroundImage: "repeating-linear-gradient(135deg, #a1a1aa 0 2px, transparent 2px 5px)",
  boxShadow: "inset 0 0 0 1px #a1a1aa",
} as const;

export interface ExecutionTimelineProps {
  readonly model: TimelineModel;
  readonly selectedNodeId: string | null;
  /** Scroll to the first run of this node (e.g. the root cause) when it changes. */
  readonly focusNodeId: string | null;
  readonly onSelect: (nodeId: string, runKey: string) => void;
}

/** A Gantt of every state run, nested under branch/iteration, attempts and backoffs as segments; virtualized. */
export function ExecutionTimeline({ model, selectedNodeId, focusNodeId, onSelect }: ExecutionTimelineProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [zoom, setZoom] = useState(1);
  const [width, setWidth] = useState(900);
  const scroller = useRef<HTMLDivElement>(null);
  const visible = useMemo(() => visibleRowIndexes(model.rows, collapsed), [model.rows, collapsed]);
  const chartWidth = Math.max(200, (width - labelWidth - 16) * zoom);
  const px = chartWidth / model.spanMs;
  const ticks = useMemo(() => timelineTicks(model.spanMs, chartWidth), [model.spanMs, chartWidth]);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    if (!focusNodeId) return;
    // The run that matters most: a failure, else a caught failure, else the first visit.
    const find = (statuses: readonly string[] | null) =>
      visible.findIndex(
        (i) =>
          model.rows[i]?.nodeId === focusNodeId &&
          (statuses === null || statuses.includes(model.rows[i]?.status ?? "")),
      );
    const failedAt = find(["failed", "timed-out"]);
    const caughtAt = failedAt >= 0 ? failedAt : find(["caught"]);
    const any = caughtAt >= 0 ? caughtAt : find(null);
    if (any < 0) return;
    // Rows have a fixed height, so the offset is known without waiting for the virtualizer to measure.
    const t = requestAnimationFrame(() => {
      const el = scroller.current;
      if (el) el.scrollTop = Math.max(0, any * rowHeight - el.clientHeight / 2);
    });
    return () => cancelAnimationFrame(t);
    // Only when the focus changes: polling must not move the user's scroll.
  }, [focusNodeId]);

  const zoomBy = (f: number) => {
    const el = scroller.current;
    const centre = el ? (el.scrollLeft + el.clientWidth / 2 - labelWidth) / chartWidth : 0;
    const next = Math.min(2000, Math.max(1, zoom * f));
    setZoom(next);
    requestAnimationFrame(() => {
      if (el)
        el.scrollLeft = centre * Math.max(200, (width - labelWidth - 16) * next) - el.clientWidth / 2 + labelWidth;
    });
  };
  const button =
    "rounded border border-zinc-300 bg-white px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800";

  return (
    <div className="flex flex-col" data-testid="execution-timeline" data-rows={model.rows.length}>
      <div role="toolbar" aria-label="Timeline" className="flex flex-wrap items-center gap-1 px-6 py-2 text-xs">
        <button type="button" className={button} onClick={() => zoomBy(2)} aria-label="Zoom in">
          +
        </button>
        <button type="button" className={button} onClick={() => zoomBy(0.5)} aria-label="Zoom out">
          −
        </button>
        <button type="button" className={button} onClick={() => setZoom(1)}>
          Fit
        </button>
        <button
          type="button"
          className={button}
          onClick={() =>
            setCollapsed(new Set(model.rows.filter((r) => r.descendantCount > 0 && r.depth === 0).map((r) => r.id)))
          }
        >
          Collapse all
        </button>
        <button type="button" className={button} onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <span className="ml-2 text-zinc-500">
          {model.rows.length.toLocaleString("en")} rows · zoom ×{zoom}
        </span>
        <span className="ml-auto flex items-center gap-3 text-zinc-600 dark:text-zinc-400" aria-label="Legend">
          <span className="flex items-center gap-1">
            <span className="inline-block h-2.5 w-4 rounded-sm bg-red-600" />
            failed attempt
          </span>
          <span className="flex items-center gap-1">
            <span className={`inline-block h-2.5 w-4 rounded-sm ${statusFill["timed-out"]}`} />
            timed out
          </span>
          <span className="flex items-center gap-1">
            <span className={`inline-block h-2.5 w-4 rounded-sm ${statusFill.caught}`} />
            caught
          </span>
          <span className="flex items-center gap-1">
            <span className="inline-block h-2.5 w-4 rounded-sm" style={backoffStyle} />
            backoff
          </span>
          <span className="flex items-center gap-1">
            <span className="inline-block h-0.5 w-4 bg-fuchsia-600" />
            critical path
          </span>
        </span>
      </div>
      <div
        ref={scroller}
        className="relative h-[65vh] min-h-[360px] overflow-auto border-t border-zinc-200 dark:border-zinc-800"
        onWheel={(e) => {
          if (e.ctrlKey || e.metaKey) {
            e.preventDefault();
            zoomBy(e.deltaY < 0 ? 1.25 : 0.8);
          }
        }}
      >
        <div
          style={{ width: labelWidth + chartWidth + 8, height: virtualizer.getTotalSize() + 24 }}
          className="relative"
        >
          <div className="sticky top-0 z-20 flex h-6 border-b border-zinc-200 bg-white text-[10px] text-zinc-500 dark:border-zinc-800 dark:bg-zinc-950">
            <div
              className="sticky left-0 z-10 shrink-0 bg-white px-2 leading-6 dark:bg-zinc-950"
              style={{ width: labelWidth }}
            >
              State
            </div>
            <div className="relative" style={{ width: chartWidth }}>
              {ticks.map((t) => (
                <span
                  key={t.ms}
                  data-testid="timeline-tick"
                  className={`absolute top-0 whitespace-nowrap leading-6 tabular-nums ${t.align === "end" ? "-translate-x-full border-r pr-1" : "border-l pl-1"} border-zinc-300 dark:border-zinc-700`}
                  style={{ left: t.x }}
                >
                  {t.label}
                </span>
              ))}
            </div>
          </div>
          {virtualizer.getVirtualItems().map((v) => {
            const row = model.rows[visible[v.index] ?? -1];
            if (!row) return null;
            const look = getStatusStyle(toDisplayStatus(row.status));
            const isCollapsed = collapsed.has(row.id);
            const selected = row.nodeId !== null && row.nodeId === selectedNodeId;
            return (
              <div
                key={row.id}
                data-testid="timeline-row"
                data-state-name={row.kind === "run" ? row.label : undefined}
                data-kind={row.kind}
                data-status={row.status}
                data-attempts={row.segments.filter((s) => s.kind === "attempt").length}
                data-critical={row.critical ? "true" : undefined}
                className={`absolute left-0 flex items-center ${selected ? "bg-blue-50 dark:bg-blue-950/50" : "hover:bg-zinc-50 dark:hover:bg-zinc-900"}`}
                // The row spans the chart's end margin too: a run at the very end keeps its 2-pixel minimum bar inside.
                style={{ top: 24 + v.start, height: rowHeight, width: labelWidth + chartWidth + 8 }}
              >
                <div
                  className="sticky left-0 z-10 flex h-full shrink-0 items-center gap-1 border-r border-zinc-200 bg-inherit bg-white pr-1 text-xs dark:border-zinc-800 dark:bg-zinc-950"
                  style={{ width: labelWidth, paddingLeft: 6 + row.depth * 14 }}
                >
                  {row.descendantCount > 0 ? (
                    <button
                      type="button"
                      className="w-4 text-zinc-500"
                      aria-expanded={!isCollapsed}
                      aria-label={`${isCollapsed ? "Expand" : "Collapse"} ${row.label}`}
                      onClick={() =>
                        setCollapsed((c) => {
                          const next = new Set(c);
                          if (!next.delete(row.id)) next.add(row.id);
                          return next;
                        })
                      }
                    >
                      {isCollapsed ? "▸" : "▾"}
                    </button>
                  ) : (
                    <span className="w-4" />
                  )}
                  <span aria-hidden="true">{look.icon}</span>
                  {row.kind === "run" && row.nodeId && row.runKey ? (
                    <button
                      type="button"
                      className="truncate text-left hover:underline"
                      onClick={() => row.nodeId && row.runKey && onSelect(row.nodeId, row.runKey)}
                      title={`${row.label} — ${look.label}`}
                    >
                      {row.label}
                    </button>
                  ) : row.kind === "attempt" ? (
                    <span className="truncate font-semibold" data-testid="timeline-attempt-label">
                      {row.label} · {look.label.toLowerCase()}
                    </span>
                  ) : (
                    <span className="truncate italic text-zinc-600 dark:text-zinc-400">{row.label}</span>
                  )}
                  <span className="sr-only">{look.label}</span>
                  {row.retries > 0 ? (
                    <span className="ml-auto shrink-0 text-[10px] text-violet-700 dark:text-violet-300">
                      ↺{row.retries}
                    </span>
                  ) : null}
                </div>
                <div className="relative h-full" style={{ width: chartWidth + 8 }} title={describeRow(model, row)}>
                  <div
                    className={`absolute top-[9px] h-2 rounded-sm ${row.kind === "group" ? "bg-zinc-300/70 dark:bg-zinc-700" : row.kind === "attempt" ? statusFill[row.status] : row.segments.length ? "bg-zinc-200 dark:bg-zinc-800" : statusFill[row.status]} ${row.open ? "animate-pulse" : ""}`}
                    style={{ left: row.startMs * px, width: Math.max(2, (row.endMs - row.startMs) * px) }}
                  />
                  {row.segments.map((s, i) => (
                    <div
                      key={i}
                      data-testid={s.kind === "backoff" ? "timeline-backoff" : "timeline-attempt"}
                      data-status={s.status}
                      title={describeSegment(model, row, s)}
                      className={`absolute top-[7px] h-3 rounded-sm ${s.kind === "backoff" ? "" : statusFill[s.status]}`}
                      style={{
                        left: s.startMs * px,
                        width: Math.max(2, (s.endMs - s.startMs) * px),
                        ...(s.kind === "backoff" ? backoffStyle : {}),
                      }}
                    />
                  ))}
                  {row.critical ? (
                    <div
                      className="absolute bottom-0.5 h-0.5 bg-fuchsia-600"
                      style={{ left: row.startMs * px, width: Math.max(2, (row.endMs - row.startMs) * px) }}
                    />
                  ) : null}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
