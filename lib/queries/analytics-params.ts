import { z } from "zod";
import { timeRanges } from "@/lib/queries/execution-list-params";

type RangeKey = keyof typeof timeRanges;
const rangeKeys = Object.keys(timeRanges) as [RangeKey, ...RangeKey[]];

/**
 * Filters of the Overview, Failures and Costs pages and their APIs, as kept in the URL
 * (`?range=7d&stateMachine=arn:aws:states:…&region=us-east-1&include=local`). `stateMachine`
 * is an ARN (a bare name, from older links, selects every machine of that name). Absent
 * filters select every execution but local runs (`include=local` adds them).
 */
export const analyticsParamsSchema = z.object({
  range: z.enum(rangeKeys).default("30d"),
  stateMachine: z.string().min(1).max(300).optional(),
  source: z.string().min(1).max(200).optional(),
  account: z.string().min(1).max(64).optional(),
  region: z.string().min(1).max(64).optional(),
  /** `local`: count local runs too (left out by default, see lib/queries/production-scope.ts). */
  include: z.enum(["local"]).optional(),
});
export type AnalyticsParams = z.infer<typeof analyticsParamsSchema>;

/** Parses URL search params, dropping empty values. */
export function parseAnalyticsParams(
  search: URLSearchParams | Record<string, string | string[] | undefined>,
): AnalyticsParams {
  const entries =
    search instanceof URLSearchParams
      ? [...search.entries()]
      : Object.entries(search).flatMap(([k, v]) =>
          v === undefined ? [] : [[k, Array.isArray(v) ? (v[0] ?? "") : v] as const],
        );
  const known = new Set(Object.keys(analyticsParamsSchema.shape));
  return analyticsParamsSchema.parse(Object.fromEntries(entries.filter(([k, v]) => v !== "" && known.has(k))));
}

/** The inverse of `parseAnalyticsParams`, leaving defaults out. */
export function toAnalyticsSearchParams(params: Partial<AnalyticsParams>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === "" || (key === "range" && value === "30d")) continue;
    out.set(key, String(value));
  }
  return out;
}

/** The start of the range (null for `all`), anchored at `now`. */
export function getRangeStart(range: RangeKey, now: Date): Date | null {
  const span = timeRanges[range];
  return span === null ? null : new Date(now.getTime() - span);
}
