import type pg from "pg";
import type { AwsCallContext } from "@/lib/aws/call-aws";
import type { AwsClients } from "@/lib/aws/create-aws-clients";
import type { Database } from "@/lib/db/database";
import type { StateMachineInfo } from "@/lib/history/types";
import type { SyncProgressDelta } from "../sync-progress";
import type { StoreBatcher } from "./store-batcher";

/** What every step of one source's sync shares. */
export interface AwsSyncContext {
  readonly db: Database;
  readonly clients: AwsClients;
  readonly call: AwsCallContext;
  readonly source: { readonly id: number; readonly name: string };
  /**
   * A connection held for the sync, on which per-execution advisory locks are taken: a
   * session of its own, so two processes never fetch the same execution's pages at once.
   */
  readonly lockClient: pg.PoolClient;
  /** Stores what the sync collected (several executions per transaction). */
  readonly store: StoreBatcher["store"];
  /** `DescribeStateMachine` results of this sync, by ARN. */
  readonly stateMachines: Map<string, Promise<StateMachineInfo>>;
  /** A new history is stored every this many pages while it is read, so a killed sync resumes mid-history. */
  readonly checkpointEveryPages: number;
  /** Express: once this many log records are held, the executions whose end was read are stored before the next page. */
  readonly expressFlushEveryRecords: number;
  readonly report: (delta: SyncProgressDelta) => void;
  /** An execution (or log record group) that could not be collected; the sync goes on. */
  readonly onItemError: (item: string, error: unknown) => void;
}
