import type { IncomingMessage, ServerResponse } from "node:http";
import { getAuthConfig } from "@/lib/auth/auth-config";
import { resolveActor } from "@/lib/auth/resolve-actor";
import { getDbConfig } from "@/lib/db/config";
import { processDb } from "@/lib/db/process-db";
import { actorIdentity } from "@/lib/db/render-reads";
import { databaseVersion } from "@/lib/queries/cached-read";
import { withRenderCache } from "./render-cache";

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Next.js's request handler behind the render cache (see `render-cache.ts`), with this
 * process's database: the viewer resolved as the pages resolve it (session, proxy header or
 * anonymous), the versions the cached reads use. Off (`handle` itself) when `enabled` is false
 * or with a read replica (`DATABASE_READ_URL`: a page reads the replica or the primary by the
 * asker's last write, whose versions differ).
 */
export function withPageRenderCache(handle: Handler, enabled: boolean): Handler {
  if (!enabled || getDbConfig().readUrl) return handle;
  return withRenderCache(handle, {
    viewer: async (req) => {
      const actor = await resolveActor(
        await processDb(),
        { header: (name) => headerOf(req, name), cookie: (name) => cookieOf(req, name) },
        getAuthConfig(),
      );
      return actor.role === null ? null : actorIdentity(actor);
    },
    versions: async () => databaseVersion((await processDb()).pool),
  });
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** A cookie's value as Next.js's `cookies()` reads it (the first of that name, URL-decoded). */
function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    const value = part.slice(at + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}
