import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { nextBuildPhases, type NextBuildPhase } from "./next-build-phase";

/** What a first start reports while it builds the app and seeds the demo. */
export interface StartProgress {
  buildPhase(phase: NextBuildPhase): void;
  buildDone(): void;
  seeded(done: number, total: number): void;
  /** A message above the bars (or a plain line without a terminal). */
  log(message: string): void;
  stop(): void;
}

/**
 * Progress bars on a terminal (cli-progress, one bar for the build's phases and one for the
 * demo's executions, each with its elapsed time); on anything else (a log file, systemd) one
 * line per build phase and per quarter of the seeding, with seconds since the start.
 */
export function createStartProgress(stream: NodeJS.WriteStream = process.stderr): StartProgress {
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  if (!stream.isTTY) {
    let quarter = -1;
    return {
      buildPhase: (phase) => stream.write(`stepscope: build: ${phase}… (${seconds()})\n`),
      buildDone: () => stream.write(`stepscope: build done (${seconds()})\n`),
      seeded: (done, total) => {
        const q = Math.floor((4 * done) / total);
        if (q === quarter) return;
        quarter = q;
        stream.write(`stepscope: demo: ${done}/${total} executions stored (${seconds()})\n`);
      },
      log: (message) => stream.write(`${message}\n`),
      stop: () => {},
    };
  }
  const bars = new MultiBar(
    { stream, hideCursor: true, clearOnComplete: false, format: "{label} [{bar}] {step} | {duration_formatted}" },
    Presets.shades_classic,
  );
  let build: SingleBar | null = null;
  let seed: SingleBar | null = null;
  const steps = nextBuildPhases.length;
  return {
    buildPhase: (phase) => {
      const i = nextBuildPhases.indexOf(phase);
      build ??= bars.create(steps, 0, { label: "build app ", step: "" });
      build.update(i, { step: `${i + 1}/${steps} ${phase}` });
    },
    buildDone: () => {
      build ??= bars.create(steps, 0, { label: "build app ", step: "" });
      build.update(steps, { step: "done" });
      build.stop();
    },
    seeded: (done, total) => {
      seed ??= bars.create(total, 0, { label: "demo data ", step: "" });
      seed.update(done, { step: `${done}/${total} executions` });
      if (done === total) seed.stop();
    },
    log: (message) => bars.log(`${message}\n`),
    stop: () => bars.stop(),
  };
}
