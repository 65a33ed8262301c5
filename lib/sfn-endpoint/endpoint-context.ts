import type { Database } from "@/lib/db/database";
import type { EndpointRuns } from "./endpoint-runs";
import type { SfnScope } from "./sfn-arns";

/** What every operation of the endpoint works with. */
export interface EndpointContext {
  readonly db: Database;
  readonly scope: SfnScope;
  readonly runs: EndpointRuns;
  /** The MockConfigFile `<arn>#<test case>` selects from (read at each StartExecution), if one is set. */
  readonly mockConfigFile: string | undefined;
  /** The task handlers file (resource or function name → URL) read at each StartExecution, if one is set. */
  readonly taskHandlersFile: string | undefined;
  /** Chooses an alias's version by its weights: a number in [0, 1). */
  readonly random: () => number;
}

/** One operation: the request body in, the response body out (an `SfnError` is a refusal). */
export type Operation = (ctx: EndpointContext, body: Readonly<Record<string, unknown>>) => Promise<unknown>;

/** Epoch seconds (with milliseconds as the fraction), as AWS JSON 1.0 carries timestamps. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
