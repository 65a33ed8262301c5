#!/usr/bin/env node
// `npm start`: the web server (Next.js) and its database in one Node process.
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { serve } = await import("../lib/server/serve.ts");
await serve();
