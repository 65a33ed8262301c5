import type { PrismaClient } from "@/lib/db/generated/client";
import type { ExecutionListParams } from "./execution-list-params";
import { executionListConditions, executionListKeyset, executionListOrder } from "./execution-list-sql";
import type { ExecutionListRow } from "./execution-list-types";
import { cursorOf } from "./list-executions";
import { compileListQuery } from "./query-language/compile-list-query";
import { planListQuery } from "./query-language/plan-list-query";
import { readExecutionRows, sortValueOf } from "./read-execution-rows";

export interface ReadExecutionBatchesOptions {
  /** Rows a batch holds (default 1,000): what memory holds at a time. */
  readonly batchSize?: number;
  /** Anchors relative ranges (`now-24h`, `range=24h`); default the call's start. */
  readonly now?: Date;
  /** The whole cause (default) or its first 300 characters, as the list shows it. */
  readonly wholeCause?: boolean;
}

/**
 * Every execution the list's filters and query select, in the list's sort, a batch at a time
 * (after `params.after` when given; `page`, `pageSize` and `before` are not used). Each batch
 * seeks past the last row of the one before (keyset: sort value, then id), so memory holds one
 * batch whatever the total and no statement or connection stays open between batches. Checks the
 * query before the first batch: a wrong expression throws at the call, not mid-stream. A range on
 * payload numbers that matches few executions is read from its ids (`planListQuery`), as the list reads it.
 */
export function readExecutionBatches(
  db: PrismaClient,
  params: ExecutionListParams,
  opts: ReadExecutionBatchesOptions = {},
): AsyncGenerator<ExecutionListRow[]> {
  const now = opts.now ?? new Date();
  // Checked here (a 422 at the call); planned (ranges matching few read from their ids, as the list does) at the first batch.
  if (params.q !== undefined) compileListQuery(params.q, now);
  const order = executionListOrder(params, false);
  const limit = opts.batchSize ?? 1000;
  const causeChars = opts.wholeCause === false ? 300 : null;
  let after = cursorOf(params, "after");
  return (async function* () {
    const query = params.q === undefined ? undefined : await planListQuery(db, params.q, now);
    const conditions = executionListConditions(params, now, query);
    const serial = query?.rangesNumbers ?? false;
    for (;;) {
      const keyed = after ? [...conditions, executionListKeyset(params, after, "after")] : conditions;
      const rows = await readExecutionRows(db, { conditions: keyed, order, limit, offset: 0, causeChars, serial });
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (!last || rows.length < limit) return;
      after = { sort: params.sort, value: sortValueOf(params.sort, last), id: last.id };
    }
  })();
}
