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
}

export interface Costs {
  readonly prices: PriceTable;
  readonly total: {
    readonly usd: number;
    readonly otherTypeUsd: number;
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
  /** States by billable transitions (runs + retries), with their share of their machine's and their cost before the free tier. */
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
