import type { PrismaClient } from "@/lib/db/generated/client";
import type { GraphLayout } from "@/lib/execution-view/layout-graph";
import { cachedDefinitionLayout } from "@/lib/execution-view/layout-cache";

/** The definition an execution ran, with its graph laid out (all groups expanded). */
export interface ExecutionDefinition {
  readonly definition: string | null;
  readonly hash: string | null;
  /** Null when no definition is stored, or when the layout engine failed on it. */
  readonly layout: GraphLayout | null;
}

/**
 * The ASL definition an execution ran (null when none is stored) and its expanded layout,
 * cached per definition hash; null overall when the execution is unknown.
 */
export async function getExecutionDefinition(
  db: PrismaClient,
  executionArn: string,
): Promise<ExecutionDefinition | null> {
  const e = await db.execution.findUnique({
    where: { executionArn },
    select: { definition: { select: { definition: true, hash: true } } },
  });
  if (!e) return null;
  const d = e.definition;
  if (!d) return { definition: null, hash: null, layout: null };
  return { definition: d.definition, hash: d.hash, layout: await cachedDefinitionLayout(d.hash, d.definition) };
}
