import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { actorIdentity, coveredQueries, noteCachedRead, noteQuery, noteRenderActor } from "@/lib/db/render-reads";
import { versionsOf, type DataVersion } from "@/lib/db/data-version";
import { RENDER_CACHE_HEADER, withRenderCache } from "./render-cache";

/** Write counters with the given production and local counts per table. */
const counters = (tables: Record<string, [production: number, local: number]>): DataVersion => ({
  counters: new Map(
    Object.entries(tables).map(([table, [production, local]]) => [
      table,
      { production: BigInt(production), local: BigInt(local) },
    ]),
  ),
});

// Who a session cookie stands for, as the server would resolve it (a stand-in for the sessions table).
const people: Record<string, { userId: string; name: string; role: "viewer" | "operator" | "admin" }> = {
  "token-ann": { userId: "1", name: "ann", role: "viewer" },
  "token-bob": { userId: "2", name: "bob", role: "viewer" },
  "token-ann-admin": { userId: "1", name: "ann", role: "admin" },
};
const identityOf = (req: IncomingMessage): string | null => {
  const token = /stepscope_session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
  const person = token ? people[token] : undefined;
  return person ? actorIdentity({ ...person, via: "session" }) : null;
};

let server: Server | undefined;
afterEach(async () => {
  await new Promise((done) => server?.close(done));
  server = undefined;
});

/**
 * A server whose "pages" render like the app's: the viewer resolved in the render, reads noted as
 * `cachedRead` notes them (of `tables`, `kind` at the current versions), the body naming the
 * viewer, the data and a render count.
 */
async function start(
  options: {
    kind?: "data" | "production";
    tables?: ReadonlySet<string> | "all";
    uncoveredQuery?: boolean;
    renderAs?: (req: IncomingMessage) => string | null;
    /** Awaited by every render before it answers (to hold renders under way). */
    gate?: () => Promise<void>;
    answer?: (res: ServerResponse) => void;
  } = {},
) {
  const state = {
    renders: 0,
    versions: counters({ executions: [1, 0], audit_logs: [1, 0] }),
    data: "v1",
    now: 0,
  };
  const page = async (req: IncomingMessage, res: ServerResponse) => {
    state.renders += 1;
    await Promise.resolve();
    const viewer = (options.renderAs ?? identityOf)(req);
    if (viewer) noteRenderActor(viewer);
    const kind = options.kind ?? "data";
    await coveredQueries(async () => noteQuery());
    noteCachedRead(versionsOf(state.versions, kind, options.tables ?? new Set(["executions"])));
    if (options.uncoveredQuery) noteQuery();
    await new Promise((done) => setImmediate(done));
    await options.gate?.();
    res.setHeader("content-type", "text/html");
    options.answer?.(res);
    res.write(`<p>${viewer} ${req.headers["rsc"] ? "rsc" : "html"} `);
    res.end(`${state.data} render ${state.renders}</p>`);
  };
  const handle = withRenderCache(page, {
    viewer: async (req) => identityOf(req),
    versions: async () => state.versions,
    now: () => state.now,
  });
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string, token?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, {
      headers: { ...headers, ...(token ? { cookie: `theme=dark; stepscope_session=${token}` } : {}) },
    });
    return { status: res.status, cached: res.headers.get(RENDER_CACHE_HEADER) === "cached", body: await res.text() };
  };
  return { state, get, base };
}

/** Waits until `done()` holds (checked every 5 ms, for 2 s at most). */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 5) {
    if (waited > 2_000) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("the render cache", () => {
  it("serves a render again to the same viewer while the data holds, and renders again after a write it could see", async () => {
    const { state, get } = await start();
    const first = await get("/executions?range=7d", "token-ann");
    expect(first).toMatchObject({ status: 200, cached: false });
    const again = await get("/executions?range=7d", "token-ann");
    expect(again).toEqual({ status: 200, cached: true, body: first.body });
    expect(state.renders).toBe(1);
    // Another URL is another page.
    expect((await get("/executions?range=24h", "token-ann")).cached).toBe(false);

    state.versions = counters({ executions: [1, 1], audit_logs: [1, 0] });
    state.data = "v2";
    const afterWrite = await get("/executions?range=7d", "token-ann");
    expect(afterWrite.cached).toBe(false);
    expect(afterWrite.body).toContain("v2");
  });

  it("never serves one viewer's render to another user, nor to the same user with another role", async () => {
    const { state, get } = await start();
    const ann = await get("/", "token-ann");
    const bob = await get("/", "token-bob");
    expect(bob.cached).toBe(false);
    expect(bob.body).toContain('"bob"');
    expect(bob.body).not.toContain('"ann"');
    const annAsAdmin = await get("/", "token-ann-admin");
    expect(annAsAdmin.cached).toBe(false);
    expect(annAsAdmin.body).toContain('"admin"');
    expect((await get("/", "token-ann")).body).toBe(ann.body);
    expect(state.renders).toBe(3);
  });

  it("never keeps a render for a visitor who may read nothing, so signed-out visitors always get the page's own refusal", async () => {
    const { state, get } = await start();
    await get("/executions");
    await get("/executions", "token-expired");
    expect(await get("/executions")).toMatchObject({ cached: false });
    expect(state.renders).toBe(3);
  });

  it("keeps a render that read only the production figures across writes that leave them alone (local runs)", async () => {
    const { state, get } = await start({ kind: "production" });
    await get("/", "token-ann");
    state.versions = counters({ executions: [1, 8], audit_logs: [1, 0] });
    expect((await get("/", "token-ann")).cached).toBe(true);
    state.versions = counters({ executions: [2, 8], audit_logs: [1, 0] });
    expect((await get("/", "token-ann")).cached).toBe(false);
  });

  it("keeps a render across writes to tables its reads did not name, and renders again after a write to one they did", async () => {
    const { state, get } = await start({ tables: new Set(["executions", "sources"]) });
    await get("/", "token-ann");
    // A sign-in's audit row, a table the render's reads never named.
    state.versions = counters({ executions: [1, 0], audit_logs: [5, 0] });
    expect((await get("/", "token-ann")).cached).toBe(true);
    state.versions = counters({ executions: [1, 1], audit_logs: [5, 0] });
    expect((await get("/", "token-ann")).cached).toBe(false);
  });

  it("renders again after a write to any table when a read could not see its queries' tables", async () => {
    const { state, get } = await start({ tables: "all" });
    await get("/", "token-ann");
    expect((await get("/", "token-ann")).cached).toBe(true);
    state.versions = counters({ executions: [1, 0], audit_logs: [2, 0] });
    expect((await get("/", "token-ann")).cached).toBe(false);
  });

  it("does not keep a render that queried outside a cached read: no version says when it goes stale", async () => {
    const { state, get } = await start({ uncoveredQuery: true });
    await get("/alerts", "token-ann");
    expect((await get("/alerts", "token-ann")).cached).toBe(false);
    expect(state.renders).toBe(2);
  });

  it("does not keep a render made for another viewer than the one the cache resolved", async () => {
    const { get } = await start({
      renderAs: () => actorIdentity({ userId: "2", name: "bob", role: "admin", via: "session" }),
    });
    await get("/", "token-ann");
    expect((await get("/", "token-ann")).cached).toBe(false);
  });

  it("does not keep an answer that sets a cookie or is not a 200", async () => {
    const cookie = await start({ answer: (res) => res.setHeader("set-cookie", "a=b") });
    await cookie.get("/", "token-ann");
    expect((await cookie.get("/", "token-ann")).cached).toBe(false);
    await new Promise((done) => server?.close(done));
    const missing = await start({ answer: (res) => (res.statusCode = 404) });
    await missing.get("/nothing", "token-ann");
    expect((await missing.get("/nothing", "token-ann")).cached).toBe(false);
  });

  it("serves people who ask for a page while it renders again the render under way, once kept, and each viewer their own", async () => {
    let open!: () => void;
    let gate = Promise.resolve();
    const { state, get } = await start({ gate: () => gate });
    await get("/executions", "token-ann");
    await get("/executions", "token-bob");
    state.versions = counters({ executions: [1, 1], audit_logs: [1, 0] });
    state.data = "v2";
    gate = new Promise<void>((resolve) => (open = resolve));
    const asked = [
      get("/executions", "token-ann"),
      get("/executions", "token-ann"),
      get("/executions", "token-ann"),
      get("/executions", "token-bob"),
    ];
    await until(() => state.renders === 4);
    // Give the waiting requests time to render too if they did not wait.
    await new Promise((done) => setTimeout(done, 50));
    expect(state.renders).toBe(4);
    open();
    const [ann, ...rest] = await Promise.all(asked);
    expect(ann!.body).toContain("v2");
    expect(rest.slice(0, 2).map((r) => [r.cached, r.body])).toEqual([
      [true, ann!.body],
      [true, ann!.body],
    ]);
    expect(rest[2]!.body).toContain('"bob"');
    expect(rest[2]!.body).not.toContain('"ann"');
  });

  it("never holds a request back behind the render of a page that is not kept", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { state, get } = await start({ uncoveredQuery: true, gate: () => gate });
    const asked = [get("/alerts", "token-ann"), get("/alerts", "token-ann")];
    await until(() => state.renders === 2);
    open();
    expect((await Promise.all(asked)).map((r) => r.cached)).toEqual([false, false]);
  });

  it("keeps the router's payload apart from the HTML, serves nothing older than the maximum age, and passes Next.js's files and non-GETs through", async () => {
    const { state, get, base } = await start();
    await get("/executions", "token-ann");
    const rsc = await get("/executions", "token-ann", { rsc: "1" });
    expect(rsc.cached).toBe(false);
    expect(rsc.body).toContain(" rsc ");
    expect((await get("/executions", "token-ann", { rsc: "1" })).cached).toBe(true);

    state.now += 5_000;
    expect((await get("/executions", "token-ann")).cached).toBe(false);

    // API routes are renders like pages; Next.js's own files are not.
    await get("/api/executions", "token-ann");
    expect((await get("/api/executions", "token-ann")).cached).toBe(true);
    await get("/_next/static/chunk.js", "token-ann");
    expect((await get("/_next/static/chunk.js", "token-ann")).cached).toBe(false);
    const post = await fetch(`${base}/executions`, {
      method: "POST",
      headers: { cookie: "stepscope_session=token-ann" },
    });
    expect(post.headers.get(RENDER_CACHE_HEADER)).toBeNull();
    await post.text();
  });
});
