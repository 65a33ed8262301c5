import { afterAll, describe, expect, it } from "vitest";
import { conformanceDir, loadConformanceCases } from "./denormalize";
import { KNOWN_FAILURES } from "./interpreter-known-failures";
import { runInterpreterCase, type InterpreterCase } from "./interpreter-run-case";

const dir = conformanceDir();
const cases = (loadConformanceCases() as unknown as InterpreterCase[]).filter((c) => c.split === "dev");
const counts = { matched: 0, total: cases.length };

if (dir === null)
  describe("interpreter conformance", () => {
    it.skip("shared/conformance not found: interpreter conformance skipped", () => {});
  });

if (dir !== null)
  describe("interpreter conformance: each dev case's recorded AWS history, event by event", () => {
    afterAll(() => {
      console.log(`interpreter conformance: ${counts.matched} matched of ${counts.total}`);
    });

    it("lists only cases that exist", () => {
      const names = new Set(cases.map((c) => c.name));
      expect([...KNOWN_FAILURES.keys()].filter((name) => !names.has(name))).toEqual([]);
    });

    it.each(cases.map((c) => [c.name, c] as const))("%s", async (name, c) => {
      let diff: string | null;
      try {
        diff = await runInterpreterCase(c);
      } catch (err) {
        diff = `threw: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (diff === null) counts.matched++;
      const reason = KNOWN_FAILURES.get(name);
      if (reason === undefined) expect(diff, "matches the recording").toBeNull();
      // A listed case that now matches must leave the list, so the list stays honest.
      else
        expect(
          diff,
          `listed as failing (${reason}) but now matches: remove it from interpreter-known-failures.ts`,
        ).not.toBeNull();
    });
  });
