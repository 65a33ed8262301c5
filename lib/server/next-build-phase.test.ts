import { describe, expect, it } from "vitest";
import { nextBuildPhaseOf } from "./next-build-phase";

describe("nextBuildPhaseOf", () => {
  it("finds each phase in the lines next build prints, in order", () => {
    const lines = [
      "▲ Next.js 16.4.6 (Turbopack)",
      "  Creating an optimized production build ...",
      "✓ Compiled successfully in 11.7min",
      "  Skipping validation of types",
      "  Collecting page data using 1 worker ...",
      "  Generating static pages using 1 worker (0/16) ...",
      "✓ Generating static pages using 1 worker (16/16) in 2.1s",
      "  Finalizing page optimization ...",
    ];
    expect(lines.map(nextBuildPhaseOf)).toEqual([
      null,
      "Compiling",
      null,
      null,
      "Collecting page data",
      "Generating static pages",
      "Generating static pages",
      "Finalizing",
    ]);
  });
});
