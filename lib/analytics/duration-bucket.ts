/** Buckets per doubling of duration: bucket b holds durations in (2^((b-1)/8), 2^(b/8)] ms, ~9% wide. */
export const BUCKETS_PER_DOUBLING = 8;

/** The histogram bucket of a duration in ms (0 for ≤ 1 ms). */
export function getDurationBucket(durationMs: number): number {
  if (durationMs <= 1) return 0;
  return Math.ceil(Math.log2(durationMs) * BUCKETS_PER_DOUBLING - 1e-9);
}

/** The upper bound (ms) of a bucket: a percentile read from the histogram is at most this. */
export function getBucketUpperMs(bucket: number): number {
  return Math.round(2 ** (bucket / BUCKETS_PER_DOUBLING));
}

/** The lower bound (ms, exclusive) of a bucket: every duration counted in it is longer than this. */
export function getBucketLowerMs(bucket: number): number {
  return bucket <= 0 ? 0 : 2 ** ((bucket - 1) / BUCKETS_PER_DOUBLING);
}

/** The `q` quantile (0..1) of a histogram given as [bucket, count] pairs, as its bucket's upper bound; null when empty. */
export function getHistogramQuantile(histogram: readonly (readonly [number, number])[], q: number): number | null {
  const sorted = [...histogram].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, c]) => s + c, 0);
  if (total <= 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const [bucket, count] of sorted) {
    seen += count;
    if (seen >= rank) return getBucketUpperMs(bucket);
  }
  return getBucketUpperMs(sorted[sorted.length - 1]![0]);
}
