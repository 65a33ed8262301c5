import { z } from "zod";

/**
 * `sources.sync_cursor` of an AWS source: per Standard state machine the listing mark of
 * the last complete pass, per Express log group the newest log timestamp read (epoch ms)
 * and why its histories are partial, if they are.
 */
export const syncCursorSchema = z.object({
  standard: z
    .record(z.string(), z.object({ newestStartDate: z.string(), newestNames: z.array(z.string()) }))
    .default({}),
  express: z
    .record(
      z.string(),
      z.object({ logGroup: z.string(), lastTimestamp: z.number(), partialReason: z.string().nullable().default(null) }),
    )
    .default({}),
});
export type SyncCursor = z.infer<typeof syncCursorSchema>;

/** The stored cursor, or an empty one when absent or unreadable (a first sync). */
export function readSyncCursor(value: unknown): SyncCursor {
  const parsed = syncCursorSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : { standard: {}, express: {} };
}
