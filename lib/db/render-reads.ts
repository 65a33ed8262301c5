import { AsyncLocalStorage } from "node:async_hooks";

/** Which version a cached read depends on (see `cachedRead`'s `sees`): every write counter, or the production ones. */
export type VersionKind = "data" | "production";

/**
 * What one render read, as the render cache (`lib/server/render-cache.ts`) needs to know it: the
 * data versions its cached reads were served at, whether it read anything no version covers, and
 * who it was rendered for.
 */
export interface RenderReads {
  /** The version each kind of cached read was served at. */
  readonly versions: Map<VersionKind, string>;
  /** How many cached reads the render made. */
  cachedReads: number;
  /**
   * A query outside a cached read, a cached read served without a version, or two reads of one
   * kind at different versions: no version says when the render's output goes stale.
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
const coveredStore = (globalForReads[coveredKey] ??= new AsyncLocalStorage<true>()) as AsyncLocalStorage<true>;

/** Runs `render` noting its reads into `reads` (everything it awaits, however deep, is noted). */
export function trackRenderReads<T>(reads: RenderReads, render: () => T): T {
  return readsStore.run(reads, render);
}

/**
 * Runs `run` with its queries covered: a cached read's own query, the version query, the
 * viewer's session lookup (its result is part of the render cache's key). Others are noted as
 * uncovered by {@link noteQuery}.
 */
export function coveredQueries<T>(run: () => T): T {
  return coveredStore.run(true, run);
}

/** Called by the pool on every query: one outside {@link coveredQueries} makes the render uncovered. */
export function noteQuery(): void {
  const reads = readsStore.getStore();
  if (reads && !coveredStore.getStore()) reads.uncovered = true;
}

/** A cached read of `kind` served at `version` (null: the version could not be read, the read was not cached). */
export function noteCachedRead(kind: VersionKind, version: string | null): void {
  const reads = readsStore.getStore();
  if (!reads) return;
  reads.cachedReads += 1;
  const seen = reads.versions.get(kind);
  if (version === null || (seen !== undefined && seen !== version)) reads.uncovered = true;
  if (version !== null) reads.versions.set(kind, version);
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
