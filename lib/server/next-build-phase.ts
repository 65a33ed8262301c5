/** The steps `next build` prints, in order; what the start's progress bar counts. */
export const nextBuildPhases = [
  "Starting",
  "Compiling",
  "Collecting page data",
  "Generating static pages",
  "Finalizing",
] as const;
export type NextBuildPhase = (typeof nextBuildPhases)[number];

// Next's own lines (Next 16: "Creating an optimized production build ...", "Collecting page
// data ...", "Generating static pages (3/15)", "Finalizing page optimization ...").
const patterns: readonly [RegExp, NextBuildPhase][] = [
  [/Creating an optimized production build/, "Compiling"],
  [/Collecting page data/, "Collecting page data"],
  [/Generating static pages/, "Generating static pages"],
  [/Finalizing page optimization|Collecting build traces/, "Finalizing"],
];

/** The phase a line of `next build`'s output starts, or null when it starts none. */
export function nextBuildPhaseOf(line: string): NextBuildPhase | null {
  for (const [pattern, phase] of patterns) if (pattern.test(line)) return phase;
  return null;
}
