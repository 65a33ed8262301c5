import { productionScopeSql } from "./production-scope";

/**
 * The condition a state machine page's figures put on a row's `source_id` (the row aliased
 * `alias`): by default local runs (interpreter runs, local replays and redrives, source kind
 * LOCAL) are left out, as on the analytics pages; `includeLocal` counts them too. Kept in one
 * place so every figure of the page answers to the same rule.
 */
export function stateMachineSourceSql(alias: string, includeLocal: boolean): string {
  return productionScopeSql(`${alias}.source_id`, includeLocal ? { include: "local" } : {});
}
