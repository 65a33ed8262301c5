import type { RandomPort } from "./intrinsics";

/**
 * A deterministic {@link RandomPort} (mulberry32): the same `seed` gives the same
 * `States.MathRandom`, `States.UUID`, jitter and `$random()`/`$uuid()` values.
 */
export function createSeededRandom(seed: number): RandomPort {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
  return {
    random,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(random() * 4)] ?? "8"}${hex(3)}-${hex(12)}`,
  };
}
