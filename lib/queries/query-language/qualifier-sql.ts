import { Prisma } from "@/lib/db/generated/client";

/*
 * The qualifier at the end of an execution's version or alias ARN
 * (`arn:aws:states:<region>:<account>:stateMachine:<name>:<qualifier>`, its 8th part), as the
 * migration 20261204146000_version_alias_query_index indexes it. Written with constants only
 * (no bound parameters) and the same text as the index, so the planner can match the index.
 */

/** The version number an execution was started through (null for none or an odd ARN). */
export const versionNumberSql = (alias: string) =>
  Prisma.raw(
    `(CASE WHEN split_part(${alias}.state_machine_version_arn, ':', 8) ~ '^[0-9]{1,9}$' ` +
      `THEN CAST(split_part(${alias}.state_machine_version_arn, ':', 8) AS integer) END)`,
  );

/** The alias name an execution was started through (its ARN's last part). */
export const aliasNameSql = (alias: string) => Prisma.raw(`split_part(${alias}.state_machine_alias_arn, ':', 8)`);

/** The partial indexes' predicates: a query must state them for the planner to use the index. */
export const hasVersionSql = (alias: string) => Prisma.raw(`${alias}.state_machine_version_arn IS NOT NULL`);
export const hasAliasSql = (alias: string) => Prisma.raw(`${alias}.state_machine_alias_arn IS NOT NULL`);
