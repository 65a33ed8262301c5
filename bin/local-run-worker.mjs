// The child process of a local run (lib/local-runs/run-local-job-isolated.ts forks it): loads the
// TypeScript sources through tsx, as bin/stepscope.mjs does, so it works under Next.js and the CLI alike.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../lib/local-runs/local-run-worker.ts", import.meta.url);
main();
