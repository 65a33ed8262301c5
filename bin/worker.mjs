#!/usr/bin/env node
// `npm run worker`: an AWS collection worker (graphile-worker), loading the TypeScript sources through tsx.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../lib/worker/main.ts", import.meta.url);
process.exitCode = await main();
