import type { Database } from "@/lib/db/database";
import type { DerivedHistory, ParsedExecution } from "@/lib/history/types";
import { storeExecution, type SourceRef, type StoreExecutionResult } from "../store-execution";

/** Postgres `deadlock_detected` and `serialization_failure`: the transaction rolled back whole and may simply run again. */
const retryableCodes = new Set(["40P01", "40001"]);

/**
 * `storeExecution`, run again when Postgres aborts it for a deadlock: concurrent stores of
 * one state machine's executions update the same rollup rows, and a rolled-back store has
 * changed nothing, so running it again is safe (it is idempotent besides).
 */
export async function storeExecutionWithRetry(db: Pick<Database, "pool">, parsed: ParsedExecution, derived: DerivedHistory, source: SourceRef): Promise<StoreExecutionResult> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await storeExecution(db, parsed, derived, source);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 6 || typeof code !== "string" || !retryableCodes.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** attempt));
    }
  }
}
