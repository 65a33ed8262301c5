import { createSeededRandom } from "@/lib/asl/seeded-random";

/**
 * A seeded pseudo-random source so the examples' runs are reproducible: the same seed
 * always yields the same sequence. Never `Math.random()` in `lib/examples`.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Lower-case hex string of `length` characters. */
  hex(length: number): string;
  /** A version-4-shaped UUID, e.g. `3f2b9c1e-8a4d-4f6b-9e21-0c7d5a8b1f34`. */
  uuid(): string;
}

/** The interpreter's seeded source (mulberry32) with the picks the examples' inputs and handlers need. */
export function createRng(seed: number): Rng {
  const next = createSeededRandom(seed).random;
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  };
  const hex = (length: number): string => {
    let out = "";
    for (let i = 0; i < length; i += 1) out += int(0, 15).toString(16);
    return out;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let roll = next() * total;
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new Error("weighted pick from an empty list");
      return last[0];
    },
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`,
  };
}
