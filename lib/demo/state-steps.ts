import type { Json, Track } from "./history-recorder";
import { hop, payload, type SimContext } from "./sim-context";

const notTruncated = { truncated: false } as const;

/** `<Type>StateEntered` with `stateEnteredEventDetails`. */
export function enterState(sim: SimContext, track: Track, stateType: string, name: string, input: Json): void {
  track.emit(`${stateType}StateEntered`, hop(sim), "stateEnteredEventDetails", {
    name,
    input: payload(input),
    inputDetails: notTruncated,
  });
}

/** `<Type>StateExited` with `stateExitedEventDetails`. */
export function exitState(sim: SimContext, track: Track, stateType: string, name: string, output: Json): void {
  track.emit(`${stateType}StateExited`, hop(sim), "stateExitedEventDetails", {
    name,
    output: payload(output),
    outputDetails: notTruncated,
  });
}

/** A Pass, Choice or Succeed state: entered, exited, same data (or the Pass `Result`). */
export function passThrough(sim: SimContext, track: Track, stateType: "Pass" | "Choice" | "Succeed", name: string, input: Json, output: Json = input): void {
  enterState(sim, track, stateType, name, input);
  exitState(sim, track, stateType, name, output);
}

/** `Succeed` state: entered and exited. */
export function succeedState(sim: SimContext, track: Track, name: string, data: Json): void {
  passThrough(sim, track, "Succeed", name, data);
}

/** `Fail` state: entered only; the execution (or branch) fails with its `Error`/`Cause`. */
export function failState(sim: SimContext, track: Track, name: string, data: Json): void {
  enterState(sim, track, "Fail", name, data);
}
