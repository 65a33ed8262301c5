#!/usr/bin/env node
// `npm start`: the web server (Next.js) and its database in one Node process.
import { tsImport } from "tsx/esm/api";

const { serve } = await tsImport("../lib/server/serve.ts", import.meta.url);
await serve();
