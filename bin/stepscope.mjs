#!/usr/bin/env node
// The `stepscope` command: loads the TypeScript sources through tsx (a dependency), so the
// CLI runs from an installed package without a build step.
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
