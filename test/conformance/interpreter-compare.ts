/**
 * Compares a local interpreter history with a recorded AWS history the way
 * shared/conformance/README.md says: payload strings starting with `{` parsed, the case's
 * `replacements` applied to the serialised local history, then event by event with
 * placeholders matching any text and skip-path keys ignored. Events the recording put at
 * `id` 0 (`parallel-normalized-order`) compare as a multiset within their id gap.
 */

type Rec = Record<string, unknown>;

/** The case fields the comparison reads. */
export interface ComparableCase {
  readonly history: readonly Rec[];
  readonly flags: readonly string[];
  readonly replacements?: readonly (readonly [string, string])[];
  readonly source: { readonly skip_snapshot_verify_paths?: readonly string[] | null; readonly recorded_date?: string };
}

function parsePayloads(event: Rec): Rec {
  const out: Rec = {};
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith("EventDetails") || typeof value !== "object" || value === null) {
      out[key] = value;
      continue;
    }
    const details: Rec = {};
    for (const [field, v] of Object.entries(value as Rec)) {
      if (field === "assignedVariables" && typeof v === "object" && v !== null) {
        details[field] = Object.fromEntries(Object.entries(v as Rec).map(([name, x]) => [name, parseObjectText(x)]));
        continue;
      }
      if (typeof v === "string" && v.startsWith("{")) {
        try {
          details[field] = JSON.parse(v) as unknown;
          continue;
        } catch {
          // not JSON: kept as text, as the recording did
        }
      }
      details[field] = v;
    }
    out[key] = details;
  }
  return out;
}

function parseObjectText(value: unknown): unknown {
  if (typeof value !== "string" || !value.startsWith("{")) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Python regexes as the recording wrote them, in JavaScript syntax. */
function toJsRegex(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, "(?<").replace(/\(\?P=(\w+)\)/g, "\\k<$1>"), "g");
  } catch {
    return null;
  }
}

/** The local history as the recording normalised its own. */
export function normaliseLocal(events: readonly Rec[], replacements: readonly (readonly [string, string])[]): Rec[] {
  let text = JSON.stringify(events.map(parsePayloads));
  for (const [pattern, placeholder] of replacements) {
    const re = toJsRegex(pattern);
    if (re !== null) text = text.replace(re, () => placeholder);
  }
  return JSON.parse(text) as Rec[];
}

const ANY = new Set(["timestamp", "date", "datetime"]);

const ARN = (kind: string) => new RegExp(`^arn:[^:]+:states:[^:]+:(\\d{12}|<[^<>]*>):${kind}:\\S+$`);
const STATE_MACHINE_ARN = ARN("stateMachine");
const EXECUTION_ARN = ARN("execution");
const MAP_RUN_ARN = ARN("mapRun");
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

/**
 * Values the recording masked with a fixed word instead of a `<…>` placeholder (LocalStack's
 * key-based transformers): each matches only a local value of the kind it hides.
 */
const LITERAL_MASKS: ReadonlyMap<string, (local: unknown) => boolean> = new Map([
  ["RandomNumberGenerated", (local: unknown) => typeof local === "number"],
  ["state-machine-arn", (local: unknown) => typeof local === "string" && STATE_MACHINE_ARN.test(local)],
  ["execution-arn", (local: unknown) => typeof local === "string" && EXECUTION_ARN.test(local)],
  ["map_run_arn", (local: unknown) => typeof local === "string" && MAP_RUN_ARN.test(local)],
  ["start-date", (local: unknown) => typeof local === "string" && (local === "date" || ISO_DATE.test(local))],
  ["stop-date", (local: unknown) => typeof local === "string" && (local === "date" || ISO_DATE.test(local))],
]);
const regexCache = new Map<string, RegExp>();

function placeholderRegex(recorded: string): RegExp {
  let re = regexCache.get(recorded);
  if (re === undefined) {
    // A placeholder masked twice (`<<task_token>:1>`) is still one placeholder.
    let flat = recorded;
    while (/<[^<>]*<[^<>]*>[^<>]*>/.test(flat)) flat = flat.replace(/<([^<>]*)<([^<>]*)>([^<>]*)>/g, "<$1$2$3>");
    const parts = flat.split(/(<[^<>]*>|111111111111)/);
    const source = parts
      .map((p) =>
        /^<[^<>]*>$/.test(p)
          ? "[\\s\\S]*?"
          : p === "111111111111"
            ? "\\d{12}"
            : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
      )
      .join("");
    re = new RegExp(`^${source}$`);
    regexCache.set(recorded, re);
  }
  return re;
}

function diffValue(recorded: unknown, local: unknown, skip: ReadonlySet<string>, path: string): string | null {
  // Some recordings parsed array and number payloads too (against the README's rule): compare parsed.
  if (typeof local === "string" && typeof recorded !== "string" && recorded !== null && /^[[\d-]/.test(local)) {
    try {
      return diffValue(recorded, JSON.parse(local) as unknown, skip, path);
    } catch {
      // not JSON: fall through
    }
  }
  if (typeof recorded === "string") {
    if (ANY.has(recorded)) return null;
    if (LITERAL_MASKS.get(recorded)?.(local) === true) return null;
    if (recorded === local) return null;
    if (typeof local === "string" && /<[^<>]*>|111111111111/.test(recorded) && placeholderRegex(recorded).test(local))
      return null;
    return `${path}: recorded ${JSON.stringify(recorded)}, local ${JSON.stringify(local)}`;
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(local) || local.length !== recorded.length)
      return `${path}: recorded ${JSON.stringify(recorded)}, local ${JSON.stringify(local)}`;
    for (let i = 0; i < recorded.length; i++) {
      const d = diffValue(recorded[i], local[i], skip, `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (typeof recorded === "object" && recorded !== null) {
    if (typeof local !== "object" || local === null || Array.isArray(local))
      return `${path}: recorded ${JSON.stringify(recorded)}, local ${JSON.stringify(local)}`;
    const r = recorded as Rec;
    const l = local as Rec;
    for (const key of new Set([...Object.keys(r), ...Object.keys(l)])) {
      if (skip.has(key)) continue;
      if (!(key in r)) return `${path}.${key}: only local (${JSON.stringify(l[key])})`;
      if (!(key in l)) return `${path}.${key}: only recorded (${JSON.stringify(r[key])})`;
      const d = diffValue(r[key], l[key], skip, `${path}.${key}`);
      if (d !== null) return d;
    }
    return null;
  }
  return recorded === local ? null : `${path}: recorded ${JSON.stringify(recorded)}, local ${JSON.stringify(local)}`;
}

/** Event types the recording tool dropped from some Parallel histories, leaving their ids unused. */
const DROPPED_BY_RECORDER = new Set(["ParallelStateSucceeded", "ParallelStateFailed"]);

function idOf(event: Rec): number {
  const id = event["id"];
  if (Array.isArray(id)) return Number(id[0] ?? 0);
  return typeof id === "number" ? id : 0;
}

function withoutIds(event: Rec): Rec {
  const { id: _id, previousEventId: _prev, ...rest } = event;
  return rest;
}

/** The first difference between the recording and the local history, or null when they match. */
export function diffHistories(c: ComparableCase, localEvents: readonly Rec[]): string | null {
  const skip = new Set(
    (c.source.skip_snapshot_verify_paths ?? []).map(
      (p) =>
        p
          .split(/\.|\.\./)
          .filter((s) => s.length > 0)
          .pop() ?? p,
    ),
  );
  const local = normaliseLocal(localEvents, c.replacements ?? []);
  const recorded = c.flags.includes("reverse-order") ? [...c.history].reverse() : [...c.history];
  const byId = new Map(local.map((e) => [Number(e["id"]), e]));
  const used = new Set<number>();
  let lastId = 0;
  for (let i = 0; i < recorded.length;) {
    const event = recorded[i] as Rec;
    const id = idOf(event);
    if (id !== 0) {
      const mine = byId.get(id);
      if (mine === undefined)
        return `event ${id} (${String(event["type"])}): missing locally (local has ${local.length} events)`;
      used.add(id);
      const d = diffValue(event, mine, new Set([...skip]), `event ${id} (${String(event["type"])})`);
      if (d !== null) return d;
      lastId = id;
      i++;
      continue;
    }
    let end = i;
    while (end < recorded.length && idOf(recorded[end] as Rec) === 0) end++;
    const nextId = end < recorded.length ? idOf(recorded[end] as Rec) : Number.POSITIVE_INFINITY;
    const pool = local.filter(
      (e) => Number(e["id"]) > lastId && Number(e["id"]) < nextId && !used.has(Number(e["id"])),
    );
    for (const rec of recorded.slice(i, end)) {
      const match = pool.find(
        (e) => !used.has(Number(e["id"])) && diffValue(withoutIds(rec), withoutIds(e), skip, "") === null,
      );
      if (match === undefined)
        return `unordered ${String(rec["type"])} ${JSON.stringify(rec).slice(0, 300)}: no local event matches`;
      used.add(Number(match["id"]));
    }
    i = end;
  }
  const recordedTypes = new Set(recorded.map((e) => e["type"]));
  const recordedIds = new Set(recorded.map(idOf));
  for (const e of local) {
    if (used.has(Number(e["id"]))) continue;
    // The recordings never contain ParallelStateSucceeded (and, in `parallel-normalized-order`
    // cases, ParallelStateFailed), yet leave its id unused: the recording tool dropped it.
    if (
      DROPPED_BY_RECORDER.has(String(e["type"])) &&
      !recordedTypes.has(e["type"]) &&
      !recordedIds.has(Number(e["id"]))
    )
      continue;
    return `event ${String(e["id"])} (${String(e["type"])}): only local`;
  }
  return null;
}
