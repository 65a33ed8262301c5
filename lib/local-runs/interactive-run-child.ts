import type { MapRunPort, MapRunSettings } from "@/lib/asl/states/map-run-port";
import type { TaskInvoker, TaskOutcome } from "@/lib/asl/task-invoker";
import type { AslHistoryEvent } from "@/lib/asl/types";
import type { FromInteractiveChild, InteractiveRunRequest, ToInteractiveChild } from "./interactive-run-messages";
import { executeLocalJob } from "./local-run-job";
import { createRealClock } from "./real-clock";

interface Waiting {
  readonly answer: (outcome: TaskOutcome | null) => void;
  readonly heartbeat: (() => void) | undefined;
}

/**
 * The child's side of an interactive run: runs the job on the wall clock (sped up `timeScale`
 * times), asks the parent to answer every Task, streams the events, stops when told, and posts
 * how it ended.
 */
export async function runInteractiveChild(
  request: InteractiveRunRequest,
  post: (message: FromInteractiveChild) => Promise<void>,
  onMessage: (listener: (message: ToInteractiveChild) => void) => void,
): Promise<void> {
  const stop = new AbortController();
  const waiting = new Map<number, Waiting>();
  let nextId = 0;
  const mapRunSettings = new Map<string, Partial<MapRunSettings>>();
  onMessage((message) => {
    if (message.type === "stop") stop.abort();
    else if (message.type === "heartbeat") waiting.get(message.id)?.heartbeat?.();
    else if (message.type === "updateMapRun")
      mapRunSettings.set(message.mapRunArn, { ...mapRunSettings.get(message.mapRunArn), ...message.settings });
    else {
      waiting.get(message.id)?.answer(message.outcome);
      waiting.delete(message.id);
    }
  });
  // The events recorded in one synchronous stretch go together, flushed in a microtask (not a
  // later turn of the event loop: a state that then spins without yielding, such as a JSONata
  // fold over millions of items, would keep its own entry from ever reaching the parent). A Task's
  // question carries the events before it (its TaskScheduled, TaskStarted), so the parent knows
  // the Task's token by the time it shows them.
  let batch: AslHistoryEvent[] = [];
  const take = (): AslHistoryEvent[] => {
    const events = batch;
    batch = [];
    return events;
  };
  const onEvent = (event: AslHistoryEvent): void => {
    if (batch.length === 0)
      queueMicrotask(() => {
        if (batch.length > 0) void post({ type: "events", events: take() });
      });
    batch.push(event);
  };
  const invoker: TaskInvoker = {
    invoke: ({ heartbeat, abandoned, ...invocation }) =>
      new Promise((answer) => {
        const id = nextId++;
        waiting.set(id, { answer, heartbeat });
        abandoned?.addEventListener("abort", () => {
          waiting.delete(id);
          void post({ type: "abandoned", id });
        });
        void post({
          type: "invoke",
          id,
          events: take(),
          invocation: { ...invocation, beats: heartbeat !== undefined },
        });
      }),
  };
  const mapRunPort: MapRunPort = {
    onProgress: (progress) => {
      // The events before it first (its `MapRunStarted`): a listed Map Run's start is in the history.
      if (batch.length > 0) void post({ type: "events", events: take() });
      void post({ type: "mapRun", progress });
    },
    settings: (mapRunArn) => mapRunSettings.get(mapRunArn),
  };
  await post({ type: "started" });
  try {
    const { result } = await executeLocalJob(request.job, {
      invoker,
      signal: stop.signal,
      clock: createRealClock({ scale: request.timeScale, signal: stop.signal }),
      onEvent,
      mapRunPort,
    });
    const { events: _events, ...rest } = result;
    if (batch.length > 0) await post({ type: "events", events: take() });
    await post({ type: "done", result: rest });
  } catch (err) {
    if (batch.length > 0) await post({ type: "events", events: take() });
    await post({
      type: "crashed",
      name: err instanceof Error ? err.name : "Error",
      message: err instanceof Error ? err.message : String(err),
    });
  }
}
