"use client";

import type { NodeProps } from "@xyflow/react";
import type { ContainerFlowNode } from "@/lib/execution-view/to-flow-elements";

/** A Parallel branch or a Map's item processor: a labelled frame. */
export function ContainerNode({ data }: NodeProps<ContainerFlowNode>) {
  return (
    <div className="h-full w-full rounded border border-dashed border-zinc-400 bg-white/60 dark:border-zinc-600 dark:bg-zinc-900/60">
      <div className="px-2 pt-1 text-[11px] font-medium text-zinc-500">{data.container.label}</div>
    </div>
  );
}
