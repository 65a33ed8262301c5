import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What one render read, as the render cache (`lib/server/render-cache.ts`) needs to know it: the
 * data versions its cached reads were served at, whether it read anything no version covers, and
 * who it was rendered for.
 */
export interface RenderReads {
  /** The version each table its cached reads read was served at, keyed `kind:table` (see `versionsOf` in data-version.ts). */
  readonly versions: Map<string, string>;
  /** How many cached reads the render made. */
  cachedReads: number;
  /**
   * A query outside a cached read, a cached read served without a version, or two reads of one
   * table at different versions: no version says when the render's output goes stale.
   */
  uncovered: boolean;
  /** The identity (see `actorIdentity`) the render resolved for its viewer; undefined until it did. */
  actor: string | undefined;
}

export function newRenderReads(): RenderReads {
  return { versions: new Map(), cachedReads: 0, uncovered: false, actor: undefined };
}

// Shared through globalThis: the render worker's own modules and the copies Next.js bundled must see one store.
const globalForReads = globalThis as unknown as {
  [key: symbol]: AsyncLocalStorage<unknown> | undefined;
};
const readsKey = Symbol.for("stepscope.renderReads");
const coveredKey = Symbol.for("stepscope.coveredQuery");
const readsStore = (globalForReads[readsKey] ??=
  new AsyncLocalStorage<RenderReads>()) as AsyncLocalStorage<RenderReads>;
const coveredStore = (globalForReads[coveredKey] ??= new AsyncLocalStorage<
  QueriedTables | true
>()) as AsyncLocalStorage<QueriedTables | true>;

/** Runs `render` noting its reads into `reads` (everything it awaits, however deep, is noted). */
export function trackRenderReads<T>(reads: RenderReads, render: () => T): T {
  return readsStore.run(reads, render);
}

/**
 * The tables a cached read's queries named: every identifier of their SQL text (a table, a
 * column or a word in a literal; more than the tables only ever makes the read go stale
 * sooner), or `all` once a query's text could not be seen (a connection taken from the pool
 * for a transaction, a query without text).
 */
export interface QueriedTables {
  readonly names: Set<string>;
  all: boolean;
}

export function newQueriedTables(): QueriedTables {
  return { names: new Set(), all: false };
}

/**
 * Runs `run` with its queries covered: a cached read's own queries (their tables noted into
 * `tables`), the version query, the viewer's session lookup (its result is part of the render
 * cache's key). Others are noted as uncovered by {@link noteQuery}.
 */
export function coveredQueries<T>(run: () => T, tables?: QueriedTables): T {
  return coveredStore.run(tables ?? true, run);
}

/** The tables of the cached read running now, if any (a cached read inside another adds its tables to the outer one's). */
export function currentQueriedTables(): QueriedTables | undefined {
  const covered = coveredStore.getStore();
  return covered === true ? undefined : covered;
}

/**
 * Called by the pool on every query with what was passed to `query` (nothing for `connect`):
 * one outside {@link coveredQueries} makes the render uncovered; one inside a cached read notes
 * the identifiers its SQL names.
 */
export function noteQuery(query?: unknown): void {
  const covered = coveredStore.getStore();
  if (covered === undefined) {
    const reads = readsStore.getStore();
    if (reads) reads.uncovered = true;
    return;
  }
  if (covered === true || covered.all) return;
  const text =
    typeof query === "string"
      ? query
      : typeof query === "object" && query !== null && typeof (query as { text?: unknown }).text === "string"
        ? (query as { text: string }).text
        : null;
  if (text === null) {
    covered.all = true;
    return;
  }
  for (const name of text.matchAll(IDENTIFIER)) covered.names.add(name[0].toLowerCase());
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_$]*/g;

/**
 * A cached read served at `versions` (see `versionsOf`; a null version: it could not be read,
 * the read was not cached).
 */
export function noteCachedRead(versions: ReadonlyMap<string, string | null>): void {
  const reads = readsStore.getStore();
  if (!reads) return;
  reads.cachedReads += 1;
  for (const [key, version] of versions) {
    const seen = reads.versions.get(key);
    if (version === null || (seen !== undefined && seen !== version)) reads.uncovered = true;
    if (version !== null) reads.versions.set(key, version);
  }
}

/** The viewer the render resolved; a render that resolved two different ones is not kept. */
export function noteRenderActor(identity: string): void {
  const reads = readsStore.getStore();
  if (!reads) return;
  if (reads.actor !== undefined && reads.actor !== identity) reads.uncovered = true;
  reads.actor = identity;
}

/** Who a page is rendered for, as one string: every field of the actor a page may show or decide on. */
export function actorIdentity(actor: {
  readonly userId: string | null;
  readonly name: string;
  readonly role: string | null;
  readonly via: string;
}): string {
  return JSON.stringify([actor.userId, actor.name, actor.role, actor.via]);
}
