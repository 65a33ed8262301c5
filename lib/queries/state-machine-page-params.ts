import { z } from "zod";
import { timeRanges } from "@/lib/queries/execution-list-params";

type RangeKey = keyof typeof timeRanges;
const rangeKeys = Object.keys(timeRanges) as [RangeKey, ...RangeKey[]];

/** The tabs of a state machine's page, in the order shown. */
export const stateMachineTabs = [
  "definition",
  "versions",
  "executions",
  "states",
  "failures",
  "trend",
  "test",
] as const;
export type StateMachineTab = (typeof stateMachineTabs)[number];

const definitionId = z.coerce.number().int().min(1).max(2_147_483_647);

/**
 * A state machine page's URL (`/state-machines/<arn>?tab=states&range=7d&from=3&to=5`): the
 * tab, the range its figures cover, whether local runs count, and the two stored definitions
 * the Versions tab compares (`from` → `to`, ids of `state_machine_definitions`).
 */
export const stateMachinePageParamsSchema = z.object({
  tab: z.enum(stateMachineTabs).default("definition"),
  range: z.enum(rangeKeys).default("30d"),
  /** `include`: local runs (interpreter runs, local replays and redrives) count in the figures too. */
  local: z.enum(["include"]).optional(),
  from: definitionId.optional(),
  to: definitionId.optional(),
});
export type StateMachinePageParams = z.infer<typeof stateMachinePageParamsSchema>;

/** Parses the page's search params, dropping empty and unknown ones; a bad value is an issue naming its field. */
export function parseStateMachinePageParams(search: Record<string, string | string[] | undefined>) {
  const known = new Set(Object.keys(stateMachinePageParamsSchema.shape));
  const entries = Object.entries(search).flatMap(([k, v]) => {
    const value = Array.isArray(v) ? v[0] : v;
    return value === undefined || value === "" || !known.has(k) ? [] : [[k, value] as const];
  });
  return stateMachinePageParamsSchema.safeParse(Object.fromEntries(entries));
}

/** The inverse of `parseStateMachinePageParams`, leaving defaults out. */
export function toStateMachinePageSearch(params: Partial<StateMachinePageParams>): string {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if ((key === "tab" && value === "definition") || (key === "range" && value === "30d")) continue;
    out.set(key, String(value));
  }
  const s = out.toString();
  return s ? `?${s}` : "";
}

/** The page's path for a state machine ARN. */
export const stateMachinePagePath = (arn: string) => `/state-machines/${encodeURIComponent(arn)}`;
