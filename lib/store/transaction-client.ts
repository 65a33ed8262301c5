import type pg from "pg";

/**
 * A connection inside the caller's transaction (a `pg` client between BEGIN and COMMIT),
 * for store functions whose writes commit with others (an audit row, a batch). A pool
 * also fits where the write stands alone.
 */
export type TransactionClient = Pick<pg.ClientBase, "query">;
