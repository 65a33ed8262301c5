// Kept for lib/ingest/store-execution.ts until its writes move to lib/store (issue 13, round two).
import type pg from "pg";
import { applyRollupDelta } from "@/lib/store/apply-rollup-delta";

/** Every rollup's share of `executionIds` (see lib/store's `applyRollupDelta`). */
export function applyAnalyticsDeltas(client: pg.ClientBase, executionIds: readonly string[], sign: 1 | -1): Promise<void> {
  return applyRollupDelta(client, executionIds, sign);
}
