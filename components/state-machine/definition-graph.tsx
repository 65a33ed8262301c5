"use client";

import { useMemo, useState } from "react";
import { ExecutionGraph } from "@/components/execution/graph/execution-graph";
import { JsonView } from "@/components/json/json-view";
import { extractGraph } from "@/lib/asl/graph";
import type { GraphOverlay } from "@/lib/execution-view/graph-overlay";
import type { GraphLayout } from "@/lib/execution-view/layout-graph";

// A definition on its own has no execution over it: every state is drawn uncoloured.
const emptyOverlay: GraphOverlay = { nodes: new Map(), takenEdges: new Set(), maps: new Map() };
const noIterations: ReadonlyMap<string, number> = new Map();

/** A stored definition drawn as the execution page's graph (without an execution) and as JSON. */
export function DefinitionGraph({
  definition,
  layout,
  name,
}: {
  definition: string;
  layout: GraphLayout | null;
  name: string;
}) {
  const graph = useMemo(() => extractGraph(definition), [definition]);
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="min-w-0">
        <ExecutionGraph
          graph={graph}
          layout={layout}
          overlay={emptyOverlay}
          rootCauseNodeId={null}
          selectedNodeId={selected}
          onSelect={setSelected}
          fileName={name}
          iterations={noIterations}
          onChooseIteration={() => {}}
          definitionOnly="no execution's outcomes (open one from Executions)"
        />
      </div>
      <div className="min-w-0" data-testid="definition-json">
        <JsonView value={definition} label="Definition" />
      </div>
    </div>
  );
}
