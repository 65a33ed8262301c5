import type { PriceTable } from "@/lib/cost/price-table";

// The Costs page's read model: types only, so components can take it without importing the database.

export interface CostMachineRow {
  readonly stateMachine: string;
  readonly stateMachineArn: string;
  readonly type: "STANDARD" | "EXPRESS";
  readonly region: string | null;
  readonly executions: number;
  readonly transitions: number;
  readonly gbSeconds: number;
  readonly usd: number;
  readonly otherTypeUsd: number;
  /** Why the other type's price means nothing for this machine (a Standard one whose executions outlast Express's 5 minutes); null when it applies. */
  readonly otherTypeUnavailable: string | null;
}

export interface Costs {
  readonly prices: PriceTable;
  readonly total: {
    readonly usd: number;
    /** Over the machines where the other type applies only (see `otherTypeUnavailable`). */
    readonly otherTypeUsd: number;
    /** Machines left out of `otherTypeUsd`. */
    readonly otherTypeExcluded: number;
    readonly executions: number;
    readonly transitions: number;
  };
  readonly byDay: readonly { readonly day: string; readonly standardUsd: number; readonly expressUsd: number }[];
  readonly byMonth: readonly {
    readonly month: string;
    readonly usd: number;
    readonly transitions: number;
    readonly executions: number;
  }[];
  readonly byMachine: readonly CostMachineRow[];
  /** Every state with billable transitions (runs + retries), costliest first, with its share of its machine's and its cost before the free tier. */
  readonly byState: readonly {
    readonly stateMachine: string;
    readonly stateMachineArn: string;
    readonly state: string;
    readonly transitions: number;
    readonly share: number;
    readonly usd: number;
  }[];
  /** Standard executions with the most billable transitions in the range, priced without the free tier. */
  readonly topExecutions: readonly {
    readonly executionArn: string;
    readonly name: string;
    readonly stateMachine: string;
    readonly stateMachineArn: string;
    readonly transitions: number;
    readonly usd: number;
  }[];
  /** The current UTC month: cost to date and the same rate over the whole month. */
  readonly projection: {
    readonly month: string;
    readonly toDateUsd: number;
    readonly projectedUsd: number;
    readonly daysElapsed: number;
    readonly daysInMonth: number;
  };
}
