import { afterAll, describe, expect, it } from "vitest";
import { validateDefinition, type DefinitionError } from "@/lib/asl/validate-definition";
import { conformanceDir, loadConformanceCases } from "./denormalize";
import { loadRealworldDefinitions, realworldDir } from "./realworld";

/**
 * The validator against definitions AWS accepted: the deployed sample collections in
 * `shared/realworld` and every definition a `shared/conformance` case ran on AWS. None may be
 * refused, except those listed here with the fault AWS itself would name.
 */
const KNOWN_FAULTS: ReadonlyMap<string, { readonly why: string; readonly includes: DefinitionError }> = new Map([
  [
    "aws_samples_step_functions_workflows_collection__shared_fallback_state_jsonata_statemachine_statemachine_asl_json",
    {
      why: 'the sample puts "QueryLanguage": "JSONata" inside States, where every member must be a state',
      includes: { path: "/States/QueryLanguage", message: "Expected value of type Object" },
    },
  ],
  [
    "aws_samples_aws_stepfunctions_examples__usecases_distributedmap_monte_carlo_simulation_terraform_shared_modules_stepfunctions_sfn_tf__2",
    {
      why: "the corpus replaced the Terraform placeholder of TimeoutSeconds with 1, below the task's HeartbeatSeconds (60)",
      includes: {
        path: "/States/Inline Map Orchestration/ItemProcessor/States/Distributed Map Data Processing/ItemProcessor/States/Step Functions Run Activity/HeartbeatSeconds",
        message: "HeartbeatSeconds must be smaller than TimeoutSeconds",
      },
    },
  ],
]);

const realworld = loadRealworldDefinitions();
const cases = loadConformanceCases().filter((c) => c.definition !== undefined && c.definition !== null);
const counts = { realworldAccepted: 0, realworldKnownFaults: 0, conformanceAccepted: 0 };
const describeFaults = (errors: readonly DefinitionError[]) =>
  errors.map((e) => `${e.code ?? "SCHEMA_VALIDATION_FAILED"}: ${e.message} at ${e.path}`).join("\n");

// Without a corpus, one skipped test that says why (CI sets STEPSCOPE_REQUIRE_CONFORMANCE=1, so there it fails instead).
if (realworldDir() === null)
  describe("validation of real-world definitions", () => {
    console.warn("shared/realworld not found: validation of real-world definitions skipped");
    it.skip("shared/realworld not found: validation of real-world definitions skipped", () => {});
  });

if (realworldDir() !== null)
  describe("validation of the deployed sample definitions in shared/realworld", () => {
    afterAll(() => {
      console.log(
        `realworld validation: ${realworld.length} definitions, ${counts.realworldAccepted} accepted, ${counts.realworldKnownFaults} refused for a listed fault`,
      );
    });

    it("reads the 274 definitions the index lists (the other 22 files are example inputs)", () => {
      expect(realworld).toHaveLength(274);
    });

    it.each(realworld.map((d) => [d.id, d] as const))("accepts %s", (id, { definition }) => {
      const result = validateDefinition(definition);
      const known = KNOWN_FAULTS.get(id);
      if (known === undefined) {
        expect(result.ok ? "" : describeFaults(result.errors)).toBe("");
        counts.realworldAccepted++;
        return;
      }
      // Refused, and for the listed fault (`why`), which AWS refuses too.
      expect(result.ok, known.why).toBe(false);
      expect(result.ok ? [] : result.errors).toContainEqual(known.includes);
      counts.realworldKnownFaults++;
    });
  });

if (conformanceDir() === null)
  describe("validation of conformance definitions", () => {
    console.warn("shared/conformance not found: validation of conformance definitions skipped");
    it.skip("shared/conformance not found: validation of conformance definitions skipped", () => {});
  });

if (conformanceDir() !== null)
  describe("validation of every definition a shared/conformance case ran on AWS", () => {
    afterAll(() => {
      console.log(`conformance validation: ${cases.length} definitions, ${counts.conformanceAccepted} accepted`);
    });

    it.each(cases.map((c) => [c.name, c.definition] as const))("accepts %s", (_name, definition) => {
      const result = validateDefinition(definition);
      expect(result.ok ? "" : describeFaults(result.errors)).toBe("");
      counts.conformanceAccepted++;
    });
  });
