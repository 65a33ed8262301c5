import { readFile } from "node:fs/promises";
import { mockConfigSchema, type MockConfig } from "@/lib/asl/mock-config-invoker";
import type { EndpointContext } from "./endpoint-context";
import { SfnError } from "./sfn-error";

/** The MockConfigFile (read now, so edits apply to the next execution) and the test case in it. */
export async function mockConfigOrThrow(
  ctx: EndpointContext,
  stateMachineName: string,
  testCase: string,
): Promise<MockConfig> {
  const file = ctx.mockConfigFile;
  if (file === undefined)
    throw new SfnError(
      "ValidationException",
      `The test case '${testCase}' needs a MockConfigFile: set STEPSCOPE_SFN_MOCK_CONFIG to its path`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8")) as unknown;
  } catch (err) {
    throw new SfnError(
      "ValidationException",
      `The MockConfigFile ${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const config = mockConfigSchema.safeParse(parsed);
  if (!config.success) {
    const issue = config.error.issues[0];
    throw new SfnError(
      "ValidationException",
      `The MockConfigFile ${file} is not one: /${issue?.path.join("/") ?? ""}: ${issue?.message ?? ""}`,
    );
  }
  if (config.data.StateMachines[stateMachineName]?.TestCases[testCase] === undefined)
    throw new SfnError(
      "ValidationException",
      `The MockConfigFile ${file} has no test case /StateMachines/${stateMachineName}/TestCases/${testCase}`,
    );
  return config.data;
}
