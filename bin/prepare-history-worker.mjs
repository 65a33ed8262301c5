// The worker thread that parses and derives uploaded histories (lib/ingest/prepare-history-off-thread.ts
// starts it): loads its TypeScript entry bundled (bin/load-worker-module.mjs), as bin/local-run-worker.mjs does.
import { loadWorkerModule } from "./load-worker-module.mjs";

const { main } = await loadWorkerModule("lib/ingest/prepare-history-worker.ts");
main();
