import type { IncomingMessage, ServerResponse } from "node:http";
import { sessionCookieName } from "@/lib/auth/session-token";
import { versionOfKey, type DataVersion } from "@/lib/db/data-version";
import { newRenderReads, trackRenderReads } from "@/lib/db/render-reads";

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RenderCacheOptions {
  /**
   * Who sends the request, as `actorIdentity` writes it, looked up for every request (a signed-out
   * or disabled session is seen at once); null when the request may read nothing: never cached.
   */
  readonly viewer: (req: IncomingMessage) => Promise<string | null>;
  /** The data versions now (see `readDataVersion`). */
  readonly versions: () => Promise<DataVersion>;
  /** How long a render is served again at most, even when nothing was written: the read cache's 5 s. */
  readonly maxAgeMs?: number;
  /** Bytes kept in all, the least recently used render dropped first. */
  readonly maxBytes?: number;
  /** A larger response is not kept. */
  readonly maxEntryBytes?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly viewer: string;
  /** The version of each table its cached reads read (keys of `versionsOf`). */
  readonly versions: ReadonlyMap<string, string>;
  readonly at: number;
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string | string[]]>;
  readonly body: Buffer;
}

/** Request headers that do not change what a page renders (the session cookie is replaced by the viewer it resolves to). */
const KEY_IGNORES = new Set([
  "cookie",
  "authorization",
  "connection",
  "keep-alive",
  "referer",
  "cache-control",
  "pragma",
  "x-forwarded-for",
  "x-stepscope-client-address",
]);
/** Response headers not kept: per connection or per response. */
const HEADER_DROPS = new Set(["connection", "keep-alive", "transfer-encoding", "date", "content-length"]);

/** Marks an answer served from the render cache. */
export const RENDER_CACHE_HEADER = "x-stepscope-render";

/**
 * A render served again to the same viewer while the data it read is unchanged: a GET of a
 * page or an API route is kept only when every query its render made went
 * through `cachedRead` (noted by `lib/db/render-reads.ts`), so the versions those reads were
 * served at say when it goes stale: the versions of the tables those reads' queries named (a
 * render that writes, audits or counts a rate limit queries outside them, and is never kept); when it answered 200 without a cookie; and when the render
 * resolved the same viewer the cache did (pages through `getCurrentActor`, API routes through
 * `withRoute`; anything else is not kept). The key is the URL, the viewer (user, name, role,
 * how signed in), the other cookies and every request header that may change the answer
 * (`rsc` and Next.js's router headers, `accept-encoding`, `user-agent`…). A kept render is served
 * while the versions it read hold (a write it could see makes the next request render again)
 * and for `maxAgeMs` at most (ranges such as "last 24 hours" move with the clock).
 */
export function withRenderCache(handle: Handler, options: RenderCacheOptions): Handler {
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const maxEntryBytes = options.maxEntryBytes ?? 2 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const drop = (key: string): void => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.body.length;
  };
  const keep = (key: string, entry: Entry): void => {
    drop(key);
    entries.set(key, entry);
    bytes += entry.body.length;
    while (bytes > maxBytes) drop(entries.keys().next().value!);
  };

  /** Renders under way, by key: a request for the same key waits for the one under way rather than rendering alongside it. */
  const rendering = new Map<string, Promise<void>>();
  /**
   * Serves the kept render of `key` if it still holds: "served", else "stale" (one is kept, no
   * longer served: the next render of the key replaces it, or drops it when not kept) or "none".
   */
  const serveKept = (
    key: string,
    viewer: string,
    versions: DataVersion,
    res: ServerResponse,
  ): "served" | "stale" | "none" => {
    const hit = entries.get(key);
    if (!hit) return "none";
    if (hit.viewer !== viewer || now() - hit.at >= maxAgeMs || !holds(hit.versions, versions)) return "stale";
    entries.delete(key);
    entries.set(key, hit);
    res.statusCode = hit.status;
    for (const [name, value] of hit.headers) res.setHeader(name, value);
    res.setHeader("content-length", hit.body.length);
    res.setHeader(RENDER_CACHE_HEADER, "cached");
    res.end(hit.body);
    return "served";
  };

  return async (req, res) => {
    if (!isRead(req)) return handle(req, res);
    let viewer: string | null;
    let versions: DataVersion;
    try {
      [viewer, versions] = await Promise.all([options.viewer(req), options.versions()]);
    } catch {
      return handle(req, res);
    }
    if (viewer === null) return handle(req, res);
    const key = requestKey(req, viewer);
    const kept = serveKept(key, viewer, versions, res);
    if (kept === "served") return;
    // The same page asked again while it renders (people arriving together): when its last render
    // was kept (a page that cannot be kept never waits), the one under way is served once kept, if
    // the versions it read are those this request found; otherwise this request renders too.
    const under = rendering.get(key);
    if (under && kept === "stale") {
      await under;
      if (serveKept(key, viewer, versions, res) === "served") return;
    }
    const reads = newRenderReads();
    const body = captureBody(res, maxEntryBytes);
    const at = now();
    let done!: () => void;
    const ended = new Promise<void>((resolve) => (done = resolve));
    if (!rendering.has(key)) {
      rendering.set(key, ended);
      void ended.then(() => {
        if (rendering.get(key) === ended) rendering.delete(key);
      });
    }
    res.once("close", done);
    res.once("finish", () => {
      const captured = body();
      if (
        captured !== null &&
        res.statusCode === 200 &&
        !res.hasHeader("set-cookie") &&
        !reads.uncovered &&
        reads.cachedReads > 0 &&
        reads.actor === viewer
      ) {
        const headers = Object.entries(res.getHeaders())
          .filter(([name, value]) => value !== undefined && !HEADER_DROPS.has(name))
          .map(([name, value]) => [name, Array.isArray(value) ? value : String(value)] as const);
        keep(key, { viewer, versions: new Map(reads.versions), at, status: 200, headers, body: captured });
      } else drop(key);
      done();
    });
    return trackRenderReads(reads, () => handle(req, res));
  };
}

/** A GET of a page or an API route (Next.js's own files are read from disk; a server action is a POST). */
function isRead(req: IncomingMessage): boolean {
  const url = req.url ?? "";
  return (
    req.method === "GET" &&
    url.startsWith("/") &&
    !url.startsWith("/_next/") &&
    req.headers["next-action"] === undefined
  );
}

function holds(kept: ReadonlyMap<string, string>, now: DataVersion): boolean {
  for (const [key, version] of kept) if (versionOfKey(now, key) !== version) return false;
  return true;
}

/** The URL, the viewer, every cookie but the session's and every header that may change the answer. */
function requestKey(req: IncomingMessage, viewer: string): string {
  const headers = Object.entries(req.headers)
    .filter(([name]) => !KEY_IGNORES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const cookies = (req.headers.cookie ?? "")
    .split(";")
    .map((c) => c.trim())
    .filter((c) => c !== "" && !c.startsWith(`${sessionCookieName}=`))
    .sort();
  return JSON.stringify([req.url, viewer, cookies, headers]);
}

/** Collects what is written to `res` (null when more than `max` bytes). */
function captureBody(res: ServerResponse, max: number): () => Buffer | null {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  const collect = (chunk: unknown, encoding: unknown): void => {
    if (over || chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer =
      typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > max) {
      over = true;
      chunks.length = 0;
    } else chunks.push(buffer);
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    collect(args[0], args[1]);
    return Reflect.apply(write, this, args) as boolean;
  } as typeof res.write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    collect(args[0], args[1]);
    return Reflect.apply(end, this, args) as ServerResponse;
  } as typeof res.end;
  return () => (over ? null : Buffer.concat(chunks));
}
