/**
 * Reads a V8 CPU profile (`node --cpu-prof`, as `bench:load --profile <dir>` writes for the
 * server) and prints where its time went: self time by function and by package or app
 * folder, and inclusive time of the app's own functions. The profile's samples are what the
 * server did during the whole run (start-up included).
 *
 *   npx tsx bench/load/summarize-profile.ts <file.cpuprofile> [--top 40]
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { AnyMap, originalPositionFor, type TraceMap } from "@jridgewell/trace-mapping";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "40" } },
});
const file = positionals[0];
if (!file) throw new Error("usage: summarize-profile <file.cpuprofile> [--top N]");
const top = Number(values.top);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

// Time per sample: the delta that follows it (V8's own accounting).
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
});
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// The build's chunks bundle many modules each: their source maps name the module a function came from.
const maps = new Map<string, TraceMap | null>();
function sourceOf(frame: ProfileNode["callFrame"]): string {
  const { url } = frame;
  if (!url.startsWith("file://") || !/\/\.next[^/]*\/server\//.test(url)) return url;
  const path = fileURLToPath(url);
  if (!maps.has(path))
    maps.set(path, existsSync(`${path}.map`) ? new AnyMap(readFileSync(`${path}.map`, "utf8"), path) : null);
  const map = maps.get(path);
  if (!map) return url;
  const pos = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
  return pos.source ?? url;
}

/** The package (node_modules/<pkg>), the app folder (lib/x, app/x, components/x), or what V8 names it. */
function area(frameUrl: string, name: string, frame?: ProfileNode["callFrame"]): string {
  const url = frame ? sourceOf(frame) : frameUrl;
  if (!url) return `(${name || "native"})`;
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const m = /\/(lib|app|components|bench|bin)\/([^/]+)/.exec(url);
  if (m) return `${m[1]}/${m[2]}`;
  if (url.startsWith("node:")) return url;
  const chunk = /\.next[^/]*\/server\/(.*)$/.exec(url);
  if (chunk) return `next build: ${chunk[1]!.split("/").slice(0, 2).join("/")}`;
  return url.split("/").slice(-2).join("/");
}

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const fmt = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %`;
const group = (key: (n: ProfileNode) => string) => {
  const m = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    m.set(key(n), (m.get(key(n)) ?? 0) + us);
  }
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s of samples\n\nself time by area:`);
for (const [k, us] of group((n) => area(n.callFrame.url, n.callFrame.functionName, n.callFrame)))
  console.log(`${fmt(us)}  ${k}`);
console.log("\nself time by function:");
for (const [k, us] of group(
  (n) =>
    `${n.callFrame.functionName || "(anonymous)"} ${area(n.callFrame.url, n.callFrame.functionName, n.callFrame)}:${n.callFrame.lineNumber + 1}`,
))
  console.log(`${fmt(us)}  ${k}`);

// Inclusive time per function frame (each sample counted once per distinct function on its stack).
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    const k = `${n.callFrame.functionName || "(anonymous)"} ${area(n.callFrame.url, n.callFrame.functionName, n.callFrame)}:${n.callFrame.lineNumber + 1}`;
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}
console.log("\ninclusive time by function:");
for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) console.log(`${fmt(us)}  ${k}`);
