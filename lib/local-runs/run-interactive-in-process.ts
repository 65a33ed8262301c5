import { chainInvokers } from "@/lib/asl/task-invoker";
import type { MapRunSettings } from "@/lib/asl/states/map-run-port";
import type { AslHistoryEvent } from "@/lib/asl/types";
import { executeLocalJob, type LocalRunJob } from "./local-run-job";
import { createRealClock } from "./real-clock";
import type { InteractiveRun, InteractiveRunPorts } from "./run-interactive-isolated";

/**
 * Runs a job in this process, on the wall clock, with the same interface as
 * `runInteractiveIsolated`: no process to start, but a definition that spins without yielding
 * blocks this process while it does.
 */
export function runInteractiveInProcess(job: LocalRunJob, ports: InteractiveRunPorts): InteractiveRun {
  const stop = new AbortController();
  const events: AslHistoryEvent[] = [];
  const mapRunSettings = new Map<string, Partial<MapRunSettings>>();
  const done = executeLocalJob(job, {
    invoker: chainInvokers(ports.invoker),
    signal: stop.signal,
    clock: createRealClock({ scale: ports.timeScale, signal: stop.signal }),
    onEvent: (event) => {
      events.push(event);
      ports.onEvent(event);
    },
    mapRunPort: {
      ...(ports.onMapRun === undefined ? {} : { onProgress: ports.onMapRun }),
      settings: (mapRunArn) => mapRunSettings.get(mapRunArn),
    },
  }).then(({ result }) => ({ ...result, events }));
  return {
    done,
    stop: () => stop.abort(),
    kill: () => stop.abort(),
    updateMapRun: (mapRunArn, settings) =>
      mapRunSettings.set(mapRunArn, { ...mapRunSettings.get(mapRunArn), ...settings }),
  };
}
