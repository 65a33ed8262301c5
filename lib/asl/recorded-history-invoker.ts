import { recordedTaskOutcomes } from "./recorded-task-outcomes";
import type { TaskInvoker } from "./task-invoker";
import type { AslHistoryEvent } from "./types";

/**
 * A {@link TaskInvoker} that replays a recorded history: each Task state gets, attempt by
 * attempt, the results its earlier run recorded (see {@link recordedTaskOutcomes}), in the
 * order the history holds them. A state the history never ran, or an attempt beyond the
 * recorded ones, is left unresolved.
 */
export function createRecordedHistoryInvoker(events: readonly AslHistoryEvent[]): TaskInvoker {
  const answers = recordedTaskOutcomes(events);
  const served = new Map<string, number>();
  return {
    invoke({ stateName }) {
      const list = answers.get(stateName);
      const n = served.get(stateName) ?? 0;
      if (list === undefined || n >= list.length) return Promise.resolve(null);
      served.set(stateName, n + 1);
      return Promise.resolve(list[n] ?? null);
    },
  };
}
