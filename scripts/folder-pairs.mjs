#!/usr/bin/env node
// Lists pairs of folders under lib/ that import each other (A imports B and B imports A),
// then prints the count: issue 13's measure of tangled modules (goal 0). Also checks that
// lib/store imports neither lib/queries nor lib/ingest.
// Usage: node scripts/folder-pairs.mjs [--check]   (run from the repository root; --check exits 1 when not 0)
// Tests (*.test.ts) are excluded: a test may reach across folders to set up its case.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, dirname, resolve } from "node:path";

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "generated" && name !== "node_modules") yield* walk(path);
    } else if (/\.(ts|tsx|mjs|js)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield path;
  }
}

/** The folder right under lib/ that `file` (relative to the root) sits in, or null. */
function folderOf(file) {
  const match = /^lib\/([^/]+)\//.exec(file);
  return match ? match[1] : null;
}

const importPattern = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const edges = new Map(); // "a->b" -> example file
for (const path of walk("lib")) {
  const file = relative(".", path);
  const from = folderOf(file);
  if (!from) continue;
  const text = readFileSync(path, "utf8");
  for (const match of text.matchAll(importPattern)) {
    const spec = match[1] ?? match[2];
    let target;
    if (spec.startsWith("@/")) target = spec.slice(2);
    else if (spec.startsWith(".")) target = relative(".", resolve(dirname(path), spec));
    else continue;
    const to = folderOf(target + "/");
    if (!to || to === from) continue;
    const key = `${from}->${to}`;
    if (!edges.has(key)) edges.set(key, []);
    edges.get(key).push(file);
  }
}

const pairs = [];
for (const key of edges.keys()) {
  const [a, b] = key.split("->");
  if (a < b && edges.has(`${b}->${a}`)) pairs.push([a, b]);
}
pairs.sort((x, y) => (x[0] + x[1]).localeCompare(y[0] + y[1]));
for (const [a, b] of pairs) {
  console.log(`${a} <-> ${b}`);
  console.log(`  ${a} -> ${b}: ${[...new Set(edges.get(`${a}->${b}`))].join(", ")}`);
  console.log(`  ${b} -> ${a}: ${[...new Set(edges.get(`${b}->${a}`))].join(", ")}`);
}
const storeReaches = ["queries", "ingest"].filter((to) => edges.has(`store->${to}`));
for (const to of storeReaches)
  console.log(`store -> ${to} (not allowed): ${[...new Set(edges.get(`store->${to}`))].join(", ")}`);
console.log(`${pairs.length} folder pairs under lib/ import each other`);
if (process.argv.includes("--check") && (pairs.length > 0 || storeReaches.length > 0)) process.exit(1);
