import { z } from "zod";

/**
 * The Map iterations a graph overlay is drawn for, as URL values `<index>:<Map node id>`
 * (the index first: a node id may hold any character). Sorted by node id, so one choice
 * always gives one URL (the page's early fetch and the client's query must match).
 */
export function iterationParams(iterations: ReadonlyMap<string, number>): string[] {
  return [...iterations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, index]) => `${index}:${id}`);
}

const iterationParamSchema = z
  .string()
  .regex(/^\d{1,9}:.+$/s, 'must be "<iteration index>:<Map state id>", e.g. "3:ProcessImages"')
  .transform((v) => {
    const colon = v.indexOf(":");
    return [v.slice(colon + 1), Number(v.slice(0, colon))] as const;
  });

/** `iteration` query values back to a choice per Map node id (a zod error names the bad value). */
export const iterationParamsSchema = z
  .array(iterationParamSchema)
  .max(50, "at most 50 iteration choices")
  .transform((pairs) => new Map<string, number>(pairs));
