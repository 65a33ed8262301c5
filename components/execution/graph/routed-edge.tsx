"use client";

import { BaseEdge, EdgeLabelRenderer, type EdgeProps } from "@xyflow/react";
import type { FlowEdge } from "@/lib/execution-view/to-flow-elements";

/** An edge along ELK's orthogonal route; the path taken is drawn solid and thick, a Catch in amber and dashed. */
export function RoutedEdge({ id, data, markerEnd }: EdgeProps<FlowEdge>) {
  if (!data) return null;
  const path = data.points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x},${p.y}`).join(" ");
  const catchEdge = data.kind === "catch";
  const stroke = data.taken ? (catchEdge ? "#b45309" : "#1e3a8a") : catchEdge ? "#d97706" : "#a1a1aa";
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        {...(markerEnd ? { markerEnd } : {})}
        style={{
          stroke,
          strokeWidth: data.taken ? 2.75 : 1.25,
          strokeDasharray: catchEdge ? "6 4" : data.taken ? undefined : "3 3",
        }}
      />
      {data.label ? (
        <EdgeLabelRenderer>
          <div
            data-testid="graph-edge-label"
            data-taken={data.taken ? "true" : "false"}
            className={`nodrag nopan pointer-events-auto absolute max-w-[220px] truncate rounded px-1 text-[10px] ${data.taken ? "bg-blue-50 font-semibold text-blue-950 dark:bg-blue-950 dark:text-blue-100" : "bg-white text-zinc-500 dark:bg-zinc-900"} ${catchEdge ? "text-amber-800 dark:text-amber-300" : ""}`}
            style={{ transform: `translate(-50%, -50%) translate(${data.labelX}px, ${data.labelY}px)` }}
            title={data.label}
          >
            {data.taken ? "➜ " : ""}
            {data.label}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}
