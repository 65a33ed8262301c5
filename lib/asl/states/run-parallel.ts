import { processParameters, processResult } from "../input-output-processing";
import type { StateCtx, StateOutcome, Thread } from "./state-context";
import type { StateRuntime } from "./state-runtime";
import type { Json, StateMachineDefinition } from "../types";

/** The Parallel state: each branch in turn (a redrive keeps the branches that succeeded), the outputs as an array. */
export async function runParallel(rt: StateRuntime, ctx: StateCtx): Promise<StateOutcome> {
  const input = await processParameters(rt, ctx);
  const thread = ctx.thread;
  const startedId = rt.recorder.add("ParallelStateStarted", thread.prev);
  thread.prev = startedId;
  const branches = Array.isArray(ctx.state["Branches"]) ? ctx.state["Branches"] : [];
  const outputs: Json[] = [];
  const redrive = ctx.redrive;
  ctx.redrive = undefined;
  for (const [index, branch] of branches.entries()) {
    const branchThread: Thread = { prev: startedId };
    // Redriven: a branch that succeeded keeps its output; a failed one goes on from where it failed.
    const plan = redrive?.children.get(index);
    if (plan?.kind === "done") {
      outputs.push(plan.output);
      continue;
    }
    const machine = branch as unknown as StateMachineDefinition;
    const outcome =
      plan === undefined
        ? await rt.runMachine(
            machine,
            input,
            { language: ctx.frame.language, variables: { ...ctx.frame.variables } },
            branchThread,
          )
        : await rt.runMachine(
            machine,
            plan.from.input,
            { language: ctx.frame.language, variables: { ...plan.from.variables } },
            branchThread,
            plan.from.startAt,
            plan.from.container,
          );
    thread.prev = branchThread.prev;
    if (outcome.kind === "failed") {
      // The branch's failed Task is aborted with the Parallel (AWS records it after TaskFailed).
      if (outcome.stateType === "Task") rt.recorder.add("TaskStateAborted", branchThread.prev);
      return { kind: "error", error: outcome.error, cause: outcome.cause };
    }
    outputs.push(outcome.output);
  }
  // Succeeded hangs off the chain: Exited points at the last branch event, not at it.
  rt.recorder.add("ParallelStateSucceeded", thread.prev);
  return processResult(rt, ctx, outputs, 0);
}
