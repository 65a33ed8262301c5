import type { Database } from "@/lib/db/database";

type Prisma = Database["prisma"];

/** One version an alias routes to, and the share of StartExecution requests it gets (0–100). */
export interface SfnRoute {
  readonly stateMachineVersionArn: string;
  readonly weight: number;
}

/** An alias of a state machine of the Step Functions endpoint. */
export interface SfnAliasRow {
  readonly arn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly description: string | null;
  readonly routing: readonly SfnRoute[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

function rowOf(row: {
  arn: string;
  stateMachineArn: string;
  name: string;
  description: string | null;
  routing: unknown;
  createdAt: Date;
  updatedAt: Date;
}): SfnAliasRow {
  // JSONB keeps its own key order: the routes are rebuilt in the API's.
  const routing = (row.routing as SfnRoute[]).map((r) => ({
    stateMachineVersionArn: r.stateMachineVersionArn,
    weight: r.weight,
  }));
  return { ...row, routing };
}

/** The aliases of the Step Functions endpoint's state machines (lib/sfn-endpoint). */
export const sfnEndpointAliasRows = {
  /** Inserts an alias; false when one with its ARN exists already (nothing changes). */
  async insertAlias(prisma: Prisma, row: Omit<SfnAliasRow, "updatedAt">): Promise<boolean> {
    const created = await prisma.sfnEndpointAlias.createMany({
      data: [{ ...row, routing: row.routing as object[], updatedAt: row.createdAt }],
      skipDuplicates: true,
    });
    return created.count === 1;
  },
  async getAlias(prisma: Prisma, arn: string): Promise<SfnAliasRow | null> {
    const row = await prisma.sfnEndpointAlias.findUnique({ where: { arn } });
    return row === null ? null : rowOf(row);
  },
  /** The aliases of a state machine, oldest first. */
  async listAliases(prisma: Prisma, stateMachineArn: string, skip = 0, take = 1000): Promise<SfnAliasRow[]> {
    const rows = await prisma.sfnEndpointAlias.findMany({
      where: { stateMachineArn },
      orderBy: [{ createdAt: "asc" }, { arn: "asc" }],
      skip,
      take,
    });
    return rows.map(rowOf);
  },
  countAliases(prisma: Prisma, stateMachineArn: string): Promise<number> {
    return prisma.sfnEndpointAlias.count({ where: { stateMachineArn } });
  },
  /** Changes an alias's description and/or routing; false when it does not exist. */
  async updateAlias(
    prisma: Prisma,
    arn: string,
    data: { readonly description?: string; readonly routing?: readonly SfnRoute[]; readonly updatedAt: Date },
  ): Promise<boolean> {
    const updated = await prisma.sfnEndpointAlias.updateMany({
      where: { arn },
      data: {
        updatedAt: data.updatedAt,
        ...(data.description === undefined ? {} : { description: data.description }),
        ...(data.routing === undefined ? {} : { routing: data.routing as object[] }),
      },
    });
    return updated.count === 1;
  },
  async deleteAlias(prisma: Prisma, arn: string): Promise<void> {
    await prisma.sfnEndpointAlias.deleteMany({ where: { arn } });
  },
  /** Deletes every alias of a state machine (DeleteStateMachine). */
  async deleteAliasesOf(prisma: Prisma, stateMachineArn: string): Promise<void> {
    await prisma.sfnEndpointAlias.deleteMany({ where: { stateMachineArn } });
  },
};
