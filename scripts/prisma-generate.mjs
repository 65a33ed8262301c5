#!/usr/bin/env node
// Generates the Prisma client into lib/db/generated (run by `postinstall`).
// Prisma 7's CLI tries to download its schema engine at start even for `generate`,
// which does not need it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file
// skips the download (the schema engine is never executed by `generate`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

let cli;
try {
  cli = join(dirname(require.resolve("prisma/package.json")), "build", "index.js");
} catch {
  // `npm ci --omit=dev`: no CLI, so the client must already have been generated.
  console.warn("prisma-generate: the prisma CLI is not installed; skipping generate");
  process.exit(existsSync(join(root, "lib/db/generated")) ? 0 : 1);
}

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

const result = spawnSync(process.execPath, [cli, "generate"], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);
