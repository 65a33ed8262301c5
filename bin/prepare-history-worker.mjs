// The worker thread that parses and derives uploaded histories (lib/ingest/prepare-history-off-thread.ts
// starts it): loads the TypeScript sources through tsx, as bin/local-run-worker.mjs does, so it works
// under Next.js and the tests alike.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../lib/ingest/prepare-history-worker.ts", import.meta.url);
main();
