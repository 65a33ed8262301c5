/**
 * Which executions the figures (Overview, Costs, Failures, State machines, `/api/metrics`,
 * alerts) count by default: those of AWS, of imported files and of the demo — never local
 * runs (the bundled interpreter's runs, local replays and redrives), which cost nothing in
 * AWS and are not production failures. Local runs count only when a person asks for them:
 * `include=local`, or a source filter naming a local source.
 */

/** Source kinds whose executions are left out of the figures by default. */
export const localSourceKinds = ["LOCAL"] as const;

/** Who asks which executions to count: every local run too (`include: "local"`), or a source by name. */
export interface ProductionScopeFilter {
  readonly include?: "local" | undefined;
  readonly source?: string | undefined;
}

/** True when the figures count local runs: asked for with `include=local`, or a source was named (its kind then does not matter). */
export function includesLocalRuns(filter: ProductionScopeFilter): boolean {
  return filter.include === "local" || filter.source !== undefined;
}

/**
 * The SQL condition keeping the rows whose source (the column `sourceIdColumn`, e.g.
 * `t.source_id` of a rollup or `e.source_id` of an execution) is not local; `TRUE` when the
 * filter asks for local runs. Constant text, no parameters.
 */
export function productionScopeSql(sourceIdColumn: string, filter: ProductionScopeFilter = {}): string {
  if (includesLocalRuns(filter)) return "TRUE";
  const kinds = localSourceKinds.map((k) => `'${k}'`).join(", ");
  return `${sourceIdColumn} NOT IN (SELECT id FROM sources WHERE kind IN (${kinds}))`;
}

/** What a figure covers, in words, for the page to say beside it. */
export function describeProductionScope(filter: ProductionScopeFilter): string {
  if (filter.source !== undefined) return `Executions of the source ${filter.source} only`;
  if (filter.include === "local") return "All executions: AWS, imported, demo and local runs";
  return "AWS, imported and demo executions; local runs excluded";
}

/**
 * The executions list's params matching the figures under `filter`: `exclude: "local"` when
 * the figures leave local runs out, so a figure's link lists the executions it counted.
 */
export function listScopeParams(filter: ProductionScopeFilter): { exclude?: "local" } {
  return includesLocalRuns(filter) ? {} : { exclude: "local" };
}
