#!/usr/bin/env node
// Lists every source file outside lib/store that contains data-changing SQL or a Prisma write,
// then prints the count: the measure of issue 13's "one write side" (goal 0).
// Usage: node scripts/count-writes.mjs [--quiet] [--check]   (run from the repository root;
// --check exits 1 when any file is listed: scripts/test.sh runs it so a new write outside lib/store fails the build)
// Excluded: tests (*.test.ts, test/, e2e/), benchmarks' fixtures (bench/), migrations,
// the migrations runner (lib/db/migrate.ts), generated code, and the store itself.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const roots = ["lib", "app", "components", "bin", "scripts"];
const excluded = [
  /(^|\/)node_modules\//,
  /\.test\.tsx?$/,
  /^lib\/store\//,
  /^lib\/db\/generated\//,
  /^lib\/db\/migrate\.ts$/,
  /^scripts\/count-writes\.mjs$/,
];
// Statements that change data, and Prisma's write methods on a model delegate (`db.prisma.user.create(`).
const patterns = [
  /\bINSERT\s+INTO\b/i,
  /\bUPDATE\s+"?\w+"?(\s+AS\s+\w+|\s+\w+)?\s+SET\b/i,
  /\bDELETE\s+FROM\b/i,
  /\bON\s+CONFLICT\b/i,
  /\bTRUNCATE\b/,
  /\$executeRaw/,
  /\.\w+\.(create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\(\s*\{/,
];

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|mjs|js)$/.test(name)) yield path;
  }
}

const hits = [];
for (const root of roots) {
  for (const path of walk(root)) {
    const rel = relative(".", path);
    if (excluded.some((pattern) => pattern.test(rel))) continue;
    const text = readFileSync(path, "utf8");
    if (patterns.some((pattern) => pattern.test(text))) hits.push(rel);
  }
}
hits.sort();
if (!process.argv.includes("--quiet")) for (const hit of hits) console.log(hit);
console.log(`${hits.length} files outside lib/store write data`);
if (process.argv.includes("--check") && hits.length > 0) {
  console.error("count-writes: move these writes into lib/store (issue 13: one write side)");
  process.exit(1);
}
