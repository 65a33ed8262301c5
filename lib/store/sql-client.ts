import type { PrismaTransaction } from "./prisma-transaction";
import type { Database } from "@/lib/db/database";

/**
 * What a store function that writes one statement needs: a `pg` pool or client (inside the
 * caller's BEGIN … COMMIT), or a Prisma transaction through {@link sqlClientOf}. Method
 * syntax on purpose: `pg`'s overloaded `query` fits it.
 */
export interface SqlClient {
  query(text: string, values: readonly unknown[]): Promise<unknown>;
}

/**
 * The statements of a Prisma interactive transaction (or client) as a {@link SqlClient}, so
 * a row written with SQL commits with the Prisma writes around it.
 */
export function sqlClientOf(tx: PrismaTransaction | Database["prisma"]): SqlClient {
  return { query: (text, values) => tx.$executeRawUnsafe(text, ...values) };
}
