import type { Database } from "@/lib/db/database";

/** The transaction client Prisma's interactive `$transaction` hands out (store functions that write inside one take it). */
export type PrismaTransaction = Parameters<Parameters<Database["prisma"]["$transaction"]>[0]>[0];
