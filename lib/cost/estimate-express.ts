import type { ExpressPrice } from "./price-table";

const MB = 1024 * 1024;

/** Express duration as billed: rounded up to the next 100 ms, 100 ms at least. */
export function billedDurationMs(durationMs: number): number {
  return Math.max(100, Math.ceil(durationMs / 100) * 100);
}

/** Express memory as billed: in 64 MB chunks, rounded up. */
export function billedMemoryMb(memoryMb: number): number {
  return Math.max(64, Math.ceil(memoryMb / 64) * 64);
}

/**
 * Memory an Express execution uses, as AWS describes its estimate: 50 MB plus the
 * definition's size plus the data's size times the number of Map/Parallel steps. Sizes in bytes.
 */
export function estimateExpressMemoryMb(input: {
  definitionBytes: number;
  dataBytes: number;
  mapOrParallelSteps: number;
}): number {
  return 50 + input.definitionBytes / MB + (input.dataBytes / MB) * input.mapOrParallelSteps;
}

/** GB-seconds of one execution from its billed duration and billed memory. */
export function expressGbSeconds(billedMs: number, billedMb: number): number {
  return (billedMs / 1000) * (billedMb / 1024);
}

/** USD of `gbHours` used in one month, through the price's tiers in order. */
export function expressGbHoursUsd(gbHours: number, price: ExpressPrice): number {
  let usd = 0;
  let floor = 0;
  for (const tier of price.gbHourTiers) {
    const ceiling = tier.upToGbHours ?? Number.POSITIVE_INFINITY;
    const inTier = Math.max(0, Math.min(gbHours, ceiling) - floor);
    usd += inTier * tier.usdPerGbHour;
    floor = ceiling;
    if (gbHours <= ceiling) break;
  }
  return usd;
}

/** One month of Express usage (one account): requests plus tiered duration. */
export function estimateExpressMonth(usage: { requests: number; gbSeconds: number }, price: ExpressPrice) {
  const requestsUsd = (usage.requests / 1_000_000) * price.usdPerMillionRequests;
  const gbHours = usage.gbSeconds / 3600;
  const durationUsd = expressGbHoursUsd(gbHours, price);
  return { requestsUsd, gbHours, durationUsd, usd: requestsUsd + durationUsd };
}
