// The child process of a local run (lib/local-runs/run-local-job-isolated.ts forks it): loads its
// TypeScript entry bundled (bin/load-worker-module.mjs), so it starts fast under Next.js and the CLI alike.
import { loadWorkerModule } from "./load-worker-module.mjs";

const { main } = await loadWorkerModule("lib/local-runs/local-run-worker.ts");
main();
