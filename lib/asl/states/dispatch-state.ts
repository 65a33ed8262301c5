import { decideRetry } from "../decide-retry";
import { StatesError } from "../states-error";
import { Failure } from "./evaluation-failure";
import { runChoice } from "./run-choice";
import { runFail } from "./run-fail";
import { runMap } from "./run-map";
import { runParallel } from "./run-parallel";
import * as pass from "./run-pass";
import { runSucceed } from "./run-succeed";
import { runTaskAttempt } from "./run-task";
import { runWait } from "./run-wait";
import type { StateCtx, StateOutcome } from "./state-context";
import type { StateRuntime } from "./state-runtime";

// Bound once: tsx/esbuild's CommonJS output reads an imported binding through getters on every call,
// which costs ~10% of a Pass state's time on this per-state path (npm run bench:interpreter).
const { runPass } = pass;

/** Runs an entered state by its `Type`; Task, Parallel and Map under their `Retry`. */
export function dispatchState(rt: StateRuntime, ctx: StateCtx): StateOutcome | Promise<StateOutcome> {
  switch (ctx.type) {
    case "Pass":
      return runPass(rt, ctx);
    case "Succeed":
      return runSucceed(rt, ctx);
    case "Fail":
      return runFail(rt, ctx);
    case "Choice":
      return runChoice(rt, ctx);
    case "Wait":
      return runWait(rt, ctx);
    case "Task":
      return withRetry(rt, ctx, (retryCount) => runTaskAttempt(rt, ctx, retryCount));
    case "Parallel":
      return withRetry(rt, ctx, () => runParallel(rt, ctx));
    case "Map":
      return withRetry(rt, ctx, () => runMap(rt, ctx));
    default:
      throw new StatesError("States.Runtime", `Unknown state type '${ctx.type}'`);
  }
}

/** Runs attempts until one succeeds or `Retry` gives up; the retry count is `$$.State.RetryCount`. */
async function withRetry(
  rt: StateRuntime,
  ctx: StateCtx,
  attempt: (retryCount: number) => Promise<StateOutcome>,
): Promise<StateOutcome> {
  const retriedBy: number[] = [];
  for (let retryCount = 0; ; retryCount++) {
    let outcome: StateOutcome;
    try {
      outcome = await attempt(retryCount);
    } catch (err) {
      if (!(err instanceof StatesError)) throw err;
      outcome = {
        kind: "error",
        error: err.error,
        cause: err.cause,
        location: err instanceof Failure ? err.location : undefined,
        evaluation: true,
      };
    }
    if (outcome.kind === "ok") return outcome;
    const decision = decideRetry(ctx.state["Retry"], outcome.error, retriedBy, rt.options.random.random);
    if (decision.outcome === "no-retry") {
      // Parallel and Map record their failure once, when no retry follows.
      if ((ctx.type === "Parallel" || ctx.type === "Map") && outcome.evaluation !== true)
        ctx.thread.prev = rt.recorder.add(`${ctx.type}StateFailed`, ctx.thread.prev);
      return outcome;
    }
    retriedBy[decision.retrierIndex] = (retriedBy[decision.retrierIndex] ?? 0) + 1;
    await rt.sleep(decision.delayMs, ctx.thread);
  }
}
