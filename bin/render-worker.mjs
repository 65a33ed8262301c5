#!/usr/bin/env node
// A render worker of `npm start` (forked by bin/serve.mjs's primary process): Next.js on a Unix socket.
import { tsImport } from "tsx/esm/api";

const { runRenderWorker } = await tsImport("../lib/server/render-worker.ts", import.meta.url);
await runRenderWorker();
