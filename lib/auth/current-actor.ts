import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { actorIdentity, coveredQueries, noteRenderActor } from "@/lib/db/render-reads";
import type { Actor } from "./actor";
import { getAuthConfig } from "./auth-config";
import { resolveActor } from "./resolve-actor";

/**
 * Who is viewing the page being rendered (server components and the root layout). Resolved
 * once per request: the layout and the page both ask.
 */
export const getCurrentActor = cache(async (): Promise<Actor> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const db = await getDb();
  // The viewer is part of the render cache's key (lib/server/render-cache.ts), looked up again for every request.
  const actor = await coveredQueries(() =>
    resolveActor(
      db,
      { header: (name) => headerList.get(name), cookie: (name) => cookieStore.get(name)?.value },
      getAuthConfig(),
    ),
  );
  noteRenderActor(actorIdentity(actor));
  return actor;
});
