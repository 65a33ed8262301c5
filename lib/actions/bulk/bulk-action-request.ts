import { z } from "zod";
import { executionNameSuffixSchema } from "../replay-request";

/** Most executions one bulk action takes; a wider selection is refused (narrow the filters). */
export const maxBulkItems = 1_000;

/**
 * Body of `POST /api/bulk-actions`: the action, the executions list's filters as its query
 * string (`status=FAILED&stateMachine=Checkout&range=24h`; paging and sort are ignored), and
 * `dryRun` (default true: list which executions are eligible and why the others are not).
 */
export const bulkActionRequestSchema = z.object({
  action: z.enum(["redrive", "replay"]),
  filters: z.string().max(4_000).default(""),
  dryRun: z.boolean().default(true),
  /** Replay only: the new names' suffix; default `-bulk-<id>` (the names are the replays' idempotency keys). */
  nameSuffix: executionNameSuffixSchema.optional(),
});
export type BulkActionRequest = z.infer<typeof bulkActionRequestSchema>;
export type BulkActionKind = BulkActionRequest["action"];
