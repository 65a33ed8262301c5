import { afterAll, describe, expect, it } from "vitest";
import { validateDefinition } from "@/lib/asl/validate-definition";
import { loadRealworldDefinitions, realworldDir } from "./realworld";
import { NOT_ENDING } from "./realworld-not-ending";
import { runRealworld } from "./realworld-run";

/**
 * Every deployed sample definition of `shared/realworld` that validates, run with input `{}` and
 * generated mocks (see `realworld-run.ts`): each must reach an end (succeed, fail, or time out by
 * its own `TimeoutSeconds`), except those listed in `realworld-not-ending.ts` with the reason; a
 * listed one that starts ending, or an unlisted one that stops, fails the suite.
 */
const definitions = loadRealworldDefinitions().filter((d) => validateDefinition(d.definition).ok);
const counts = { ended: 0, listed: 0, byStatus: new Map<string, number>() };

if (realworldDir() === null)
  describe("execution of real-world definitions", () => {
    console.warn("shared/realworld not found: execution of real-world definitions skipped");
    it.skip("shared/realworld not found: execution of real-world definitions skipped", () => {});
  });

if (realworldDir() !== null)
  describe("execution of the deployed sample definitions in shared/realworld, with generated mocks", () => {
    afterAll(() => {
      const statuses = [...counts.byStatus].map(([s, n]) => `${n} ${s}`).join(", ");
      console.log(
        `realworld execution: ${definitions.length} run, ${counts.ended} reach an end (${statuses}), ${counts.listed} listed as not ending`,
      );
    });

    it("lists only definitions that exist", () => {
      const ids = new Set(definitions.map((d) => d.id));
      expect([...NOT_ENDING.keys()].filter((id) => !ids.has(id))).toEqual([]);
    });

    it.each(definitions.map((d) => [d.id, d.definition] as const))(
      "%s",
      async (id, definition) => {
        const end = await runRealworld(definition);
        const reason = NOT_ENDING.get(id);
        if (reason === undefined) {
          expect(end, "reaches an end").toMatchObject({ kind: "ended" });
          counts.ended++;
          if (end.kind === "ended") counts.byStatus.set(end.status, (counts.byStatus.get(end.status) ?? 0) + 1);
          return;
        }
        // A listed one that now ends must leave the list, so the list stays honest.
        expect(
          end.kind,
          `listed as not ending (${reason}) but now ends: remove it from realworld-not-ending.ts`,
        ).not.toBe("ended");
        counts.listed++;
      },
      120_000,
    );
  });
