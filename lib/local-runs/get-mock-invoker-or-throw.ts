import { AppError } from "@/lib/errors/app-error";
import { createMockConfigInvoker, mockConfigSchema } from "@/lib/asl/mock-config-invoker";
import type { TaskInvoker } from "@/lib/asl/task-invoker";
import type { InvokerSpec } from "./local-run-job";
import { parseJsonOrThrow } from "./parse-json-or-throw";

/** Tasks resolve to nothing when no mock config is given (as `stepscope run` without one). */
const unresolved: TaskInvoker = { invoke: () => Promise.resolve(null) };

/** The invokers of a local run: the test case of a MockConfigFile, or none. 422 naming the path when it is wrong. */
export function getMockInvokerSpecsOrThrow(
  mockConfig: string | undefined,
  testCase: string | undefined,
  stateMachineName: string,
): InvokerSpec[] {
  if (mockConfig === undefined || mockConfig.trim() === "") return [];
  const parsed = mockConfigSchema.safeParse(parseJsonOrThrow(mockConfig, "mockConfig"));
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: `/mockConfig/${i.path.join("/")}`, message: i.message }));
    throw new AppError({ code: "unprocessable_entity", message: "mockConfig is not a MockConfigFile", details });
  }
  const name = (testCase ?? "").trim();
  if (parsed.data.StateMachines[stateMachineName]?.TestCases[name] === undefined) {
    const path = `/mockConfig/StateMachines/${stateMachineName}/TestCases/${name}`;
    throw new AppError({
      code: "unprocessable_entity",
      message: `${path} does not exist`,
      details: [{ path, message: "no such test case" }],
    });
  }
  return [{ kind: "mock-config", config: parsed.data, stateMachineName, testCase: name }];
}

/** The task invoker of a local run: the test case of a MockConfigFile, or none. 422 naming the path when it is wrong. */
export function getMockInvokerOrThrow(
  mockConfig: string | undefined,
  testCase: string | undefined,
  stateMachineName: string,
): TaskInvoker {
  const [spec] = getMockInvokerSpecsOrThrow(mockConfig, testCase, stateMachineName);
  return spec?.kind === "mock-config"
    ? createMockConfigInvoker(spec.config, spec.stateMachineName, spec.testCase)
    : unresolved;
}
