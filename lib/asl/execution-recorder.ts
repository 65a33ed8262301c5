import type { ExecutionOptions } from "./execution-options";
import type { Json } from "./types";
import { HistoryRecorder } from "./history-recorder";
import { ExecutionAbort } from "./states/execution-abort";

/** An execution's recorder: on its clock, full at `maxEvents` (the execution then ends, see `recordAbortEnd`), live through `onEvent`. */
export function executionRecorder(options: Pick<ExecutionOptions, "clock" | "maxEvents" | "onEvent">): HistoryRecorder {
  const { clock, maxEvents } = options;
  return new HistoryRecorder(
    () => clock.now(),
    maxEvents === undefined
      ? undefined
      : {
          maxEvents,
          onFull: (prev) => {
            throw new ExecutionAbort(prev, "history");
          },
        },
    options.onEvent,
  );
}

/** `JSON.stringify` that remembers the last value: a state's output is usually the next state's input, by identity. */
export function memoisedStringify(): (value: Json) => string {
  let lastPayload: Json = null;
  let lastPayloadText = "null";
  return (value) => {
    if (value === lastPayload && typeof value === "object") return lastPayloadText;
    const text = JSON.stringify(value);
    lastPayload = value;
    lastPayloadText = text;
    return text;
  };
}
