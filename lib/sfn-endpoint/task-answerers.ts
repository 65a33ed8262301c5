import { createMockConfigInvoker } from "@/lib/asl/mock-config-invoker";
import type { TaskInvoker } from "@/lib/asl/task-invoker";
import type { EndpointContext } from "./endpoint-context";
import { createHttpTaskInvoker, readTaskHandlersOrThrow } from "./http-task-handlers";
import { mockConfigOrThrow } from "./mock-config-file";

/**
 * What answers an execution's Task states before callbacks and activity workers, in order: its
 * MockConfigFile test case (`<arn>#<test case>`), then the task handlers file's URLs. Both files
 * are read now, so edits apply to the next execution (or redrive).
 */
export async function taskAnswerersOf(
  ctx: EndpointContext,
  stateMachineName: string,
  testCase: string | null,
): Promise<TaskInvoker[]> {
  const answerers: TaskInvoker[] = [];
  if (testCase !== null)
    answerers.push(
      createMockConfigInvoker(await mockConfigOrThrow(ctx, stateMachineName, testCase), stateMachineName, testCase),
    );
  if (ctx.taskHandlersFile !== undefined)
    answerers.push(createHttpTaskInvoker(await readTaskHandlersOrThrow(ctx.taskHandlersFile)));
  return answerers;
}
