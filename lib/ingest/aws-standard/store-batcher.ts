import type { Database } from "@/lib/db/database";
import type { DerivedHistory, ParsedExecution } from "@/lib/history/types";
import {
  storeExecutions,
  type SourceRef,
  type StoreExecutionResult,
  type StoreItem,
} from "@/lib/store/store-execution";

/** Postgres `deadlock_detected` and `serialization_failure`: the transaction rolled back whole and may simply run again. */
const retryableCodes = new Set(["40P01", "40001"]);

/** Settings of {@link createStoreBatcher}. */
export interface StoreBatcherOptions {
  /** Executions per transaction at most. Default 16. */
  readonly maxBatch?: number;
  /** Transactions at once at most. Default 2. */
  readonly maxConcurrent?: number;
  /** Wait for each commit's WAL flush. Default false (see {@link createStoreBatcher}). */
  readonly synchronousCommit?: boolean;
}

/** Stores the executions a sync collects, several per transaction. */
export interface StoreBatcher {
  /** Resolves once the execution is committed (or rejects with why it could not be). */
  store(parsed: ParsedExecution, derived: DerivedHistory, partialReason?: string | null): Promise<StoreExecutionResult>;
}

interface Pending {
  readonly item: StoreItem;
  resolve(result: StoreExecutionResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for collectors: executions handed to `store` while earlier transactions
 * run are written together by the next one (`storeExecutions`: rows locked in ARN order,
 * rollup shares summed per key), at most `maxConcurrent` transactions at once. Fewer,
 * larger transactions touch the shared rollup rows once per batch instead of once per
 * execution, which is what made concurrent per-execution stores wait on and deadlock
 * over those rows. Commits are asynchronous (`synchronous_commit = off`): a crash may
 * lose the last moments of stores, which the next sync fetches again. A deadlock or
 * serialization failure reruns the batch; any other failure stores the batch's
 * executions one by one, so one bad execution fails alone.
 */
export function createStoreBatcher(
  db: Pick<Database, "pool">,
  source: SourceRef,
  options: StoreBatcherOptions = {},
): StoreBatcher {
  const maxBatch = options.maxBatch ?? 16;
  const maxConcurrent = options.maxConcurrent ?? 2;
  const synchronousCommit = options.synchronousCommit ?? false;
  const queue: Pending[] = [];
  let running = 0;
  let scheduled = false;

  const pump = (): void => {
    while (running < maxConcurrent && queue.length > 0) {
      const batch: Pending[] = [];
      const arns = new Set<string>();
      // The same execution twice (a checkpoint and its successor cannot be, but stay safe) waits for the next batch.
      for (let i = 0; i < queue.length && batch.length < maxBatch;) {
        const arn = queue[i]!.item.parsed.identity.executionArn;
        if (arns.has(arn)) {
          i += 1;
          continue;
        }
        arns.add(arn);
        batch.push(...queue.splice(i, 1));
      }
      running += 1;
      void flush(batch).finally(() => {
        running -= 1;
        pump();
      });
    }
  };

  async function flush(batch: readonly Pending[]): Promise<void> {
    try {
      const results = await storeWithRetry(
        db,
        batch.map((p) => p.item),
        synchronousCommit,
      );
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const p of batch) {
        try {
          p.resolve((await storeWithRetry(db, [p.item], synchronousCommit))[0]!);
        } catch (own) {
          p.reject(own);
        }
      }
    }
  }

  return {
    store(parsed, derived, partialReason = null) {
      return new Promise<StoreExecutionResult>((resolve, reject) => {
        queue.push({ item: { parsed, derived, source, partialReason }, resolve, reject });
        // Let the lanes that finish in the same turn join this batch.
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            pump();
          });
        }
      });
    },
  };
}

async function storeWithRetry(
  db: Pick<Database, "pool">,
  items: readonly StoreItem[],
  synchronousCommit: boolean,
): Promise<StoreExecutionResult[]> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await storeExecutions(db, items, { synchronousCommit });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 6 || typeof code !== "string" || !retryableCodes.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** attempt));
    }
  }
}
