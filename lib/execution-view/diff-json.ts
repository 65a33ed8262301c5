/** One difference between two JSON values, at an RFC 6901 JSON Pointer ("" is the whole document). */
export type JsonChange =
  | { readonly kind: "added"; readonly path: string; readonly newValue: unknown }
  | { readonly kind: "removed"; readonly path: string; readonly oldValue: unknown }
  | { readonly kind: "changed"; readonly path: string; readonly oldValue: unknown; readonly newValue: unknown };

const escape = (seg: string) => seg.replace(/~/g, "~0").replace(/\//g, "~1");
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The differences from `oldValue` to `newValue`, walking objects by key and arrays by index,
 * in document order (old keys first, then keys only the new value has). A value whose kind
 * differs (object vs array vs scalar) is one `changed` entry at its path.
 */
export function diffJson(oldValue: unknown, newValue: unknown): JsonChange[] {
  const out: JsonChange[] = [];
  walk(oldValue, newValue, "", out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: JsonChange[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}/${i}`;
      if (i >= b.length) out.push({ kind: "removed", path: p, oldValue: a[i] });
      else if (i >= a.length) out.push({ kind: "added", path: p, newValue: b[i] });
      else walk(a[i], b[i], p, out);
    }
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) {
      const p = `${path}/${escape(k)}`;
      if (!Object.hasOwn(b, k)) out.push({ kind: "removed", path: p, oldValue: a[k] });
      else walk(a[k], b[k], p, out);
    }
    for (const k of Object.keys(b)) {
      if (!Object.hasOwn(a, k)) out.push({ kind: "added", path: `${path}/${escape(k)}`, newValue: b[k] });
    }
    return;
  }
  if (!Object.is(a, b)) out.push({ kind: "changed", path, oldValue: a, newValue: b });
}

/** Parses a stored JSON payload; `undefined` for null/absent, the raw string when it is not JSON. */
export function parseJsonPayload(s: string | null | undefined): unknown {
  if (s === null || s === undefined) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}
