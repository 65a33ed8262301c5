import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { cookies } from "next/headers";
import { getDb, getReadDb, type Database } from "@/lib/db/client";
import { getDbConfig } from "@/lib/db/config";
import { isWalPosition } from "@/lib/db/wal-position";

/**
 * Cookie carrying the primary's WAL position after a browser's last write (import, action,
 * settings): its next reads go to the replica only once the replica has replayed that far.
 */
export const wroteCookie = "stepscope_wrote";
/** How long a write pins its writer's reads to "at least this fresh", s: far above any sane replica lag. */
const WROTE_MAX_AGE_S = 60;

/** The `stepscope_wrote` cookie of the route request being handled ({@link withWroteCookie}). */
const routeWrote = new AsyncLocalStorage<{ readonly wrote: string | undefined }>();

/** Runs a route handler with its request's `stepscope_wrote` cookie at hand for {@link readDb}. */
export function withWroteCookie<T>(wrote: string | undefined, run: () => T): T {
  return routeWrote.run({ wrote }, run);
}

/**
 * The database a page or a GET route reads its read models from: the read replica
 * (`DATABASE_READ_URL`) unless this browser wrote something the replica has not replayed
 * yet (then the primary), or the primary when no replica is configured. Reads what the
 * asker just wrote, whichever process wrote it.
 */
export async function readDb(): Promise<Database> {
  if (!getDbConfig().readUrl) return getDb();
  const wrote = routeWrote.getStore()?.wrote ?? (await pageCookie());
  return getReadDb({ after: wrote !== undefined && isWalPosition(wrote) ? wrote : undefined });
}

/**
 * Marks `response` (to a request that wrote) with the primary's WAL position now, so the
 * asker's next reads wait for it ({@link readDb}). Nothing to do without a replica.
 */
export async function rememberWrite(response: Response): Promise<Response> {
  if (!getDbConfig().readUrl) return response;
  const { rows } = await (await getDb()).pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
  const cookie = `${wroteCookie}=${rows[0]!.lsn}; Path=/; Max-Age=${WROTE_MAX_AGE_S}; HttpOnly; SameSite=Lax`;
  try {
    response.headers.append("set-cookie", cookie);
    return response;
  } catch {
    // `Response.redirect()` and fetched responses have immutable headers: answer a copy.
    const copy = new Response(response.body, response);
    copy.headers.append("set-cookie", cookie);
    return copy;
  }
}

/** The cookie as a page (a server component) sees it; none outside a request (a script, a test). */
async function pageCookie(): Promise<string | undefined> {
  try {
    return (await cookies()).get(wroteCookie)?.value;
  } catch {
    return undefined;
  }
}
