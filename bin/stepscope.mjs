#!/usr/bin/env node
// The `stepscope` command: loads the TypeScript sources through tsx (a dependency), so the
// CLI runs from an installed package without a build step.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../lib/cli/main.ts", import.meta.url);
process.exitCode = await main(process.argv.slice(2));
