import type { Database } from "@/lib/db/database";

type Prisma = Database["prisma"];

/** A state machine (or one of its versions) of the Step Functions endpoint. */
export interface SfnStateMachineRow {
  readonly arn: string;
  readonly name: string;
  readonly type: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly description: string | null;
  readonly revisionId: string;
  readonly versionOf: string | null;
  readonly version: number | null;
  readonly settings: unknown;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** An execution of the Step Functions endpoint. */
export interface SfnExecutionRow {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly versionArn: string | null;
  /** The alias StartExecution was given (it chose `versionArn`). */
  readonly aliasArn: string | null;
  readonly name: string;
  readonly type: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly input: string;
  readonly testCase: string | null;
  readonly status: string;
  readonly startDate: Date;
  readonly stopDate: Date | null;
  readonly output: string | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly redriveCount: number;
  readonly redriveDate: Date | null;
}

/** An activity of the Step Functions endpoint. */
export interface SfnActivityRow {
  readonly arn: string;
  readonly name: string;
  readonly createdAt: Date;
}

/** How an execution ended, as its row keeps it. */
export interface SfnExecutionEnd {
  readonly status: string;
  readonly stopDate: Date;
  readonly output: string | null;
  readonly error: string | null;
  readonly cause: string | null;
}

/** The rows of the Step Functions endpoint (lib/sfn-endpoint): state machines, their versions, executions, activities. */
export const sfnEndpointRows = {
  /** Inserts a state machine; false when one with its ARN exists already (nothing changes). */
  async insertStateMachine(prisma: Prisma, row: Omit<SfnStateMachineRow, "updatedAt">): Promise<boolean> {
    const { settings, ...rest } = row;
    const created = await prisma.sfnEndpointStateMachine.createMany({
      data: [{ ...rest, settings: settings as object, updatedAt: row.createdAt }],
      skipDuplicates: true,
    });
    return created.count === 1;
  },
  getStateMachine(prisma: Prisma, arn: string): Promise<SfnStateMachineRow | null> {
    return prisma.sfnEndpointStateMachine.findUnique({ where: { arn } });
  },
  /** State machines (not versions), oldest first. */
  listStateMachines(prisma: Prisma, skip: number, take: number): Promise<SfnStateMachineRow[]> {
    return prisma.sfnEndpointStateMachine.findMany({
      where: { versionOf: null },
      orderBy: [{ createdAt: "asc" }, { arn: "asc" }],
      skip,
      take,
    });
  },
  /** Versions of a state machine, newest first. */
  listVersions(prisma: Prisma, arn: string, skip: number, take: number): Promise<SfnStateMachineRow[]> {
    return prisma.sfnEndpointStateMachine.findMany({
      where: { versionOf: arn },
      orderBy: { version: "desc" },
      skip,
      take,
    });
  },
  async updateStateMachine(
    prisma: Prisma,
    arn: string,
    data: {
      readonly definition: string;
      readonly roleArn: string;
      readonly revisionId: string;
      readonly settings: unknown;
      readonly updatedAt: Date;
    },
  ): Promise<void> {
    await prisma.sfnEndpointStateMachine.update({
      where: { arn },
      data: { ...data, settings: data.settings as object },
    });
  },
  /** Publishes the state machine's current revision as its next version (1, 2, …) in one transaction; the existing version when that revision is already published. */
  publishVersion(prisma: Prisma, arn: string, description: string | null, at: Date): Promise<SfnStateMachineRow> {
    return prisma.$transaction(async (tx) => {
      // The lock orders concurrent publications of one state machine.
      await tx.$queryRaw`SELECT arn FROM sfn_endpoint_state_machines WHERE arn = ${arn} FOR UPDATE`;
      const machine = await tx.sfnEndpointStateMachine.findUniqueOrThrow({ where: { arn } });
      const same = await tx.sfnEndpointStateMachine.findFirst({
        where: { versionOf: arn, revisionId: machine.revisionId },
      });
      if (same !== null) return same;
      const last = await tx.sfnEndpointStateMachine.aggregate({ where: { versionOf: arn }, _max: { version: true } });
      const version = (last._max.version ?? 0) + 1;
      return tx.sfnEndpointStateMachine.create({
        data: {
          arn: `${arn}:${version}`,
          name: machine.name,
          type: machine.type,
          definition: machine.definition,
          roleArn: machine.roleArn,
          description,
          revisionId: machine.revisionId,
          versionOf: arn,
          version,
          settings: machine.settings as object,
          createdAt: at,
          updatedAt: at,
        },
      });
    });
  },
  /** Deletes a state machine and its versions (its executions and their histories stay). */
  async deleteStateMachine(prisma: Prisma, arn: string): Promise<void> {
    await prisma.sfnEndpointStateMachine.deleteMany({ where: { OR: [{ arn }, { versionOf: arn }] } });
  },
  async deleteVersion(prisma: Prisma, versionArn: string): Promise<void> {
    await prisma.sfnEndpointStateMachine.deleteMany({ where: { arn: versionArn, versionOf: { not: null } } });
  },
  /** Inserts an execution; false when its ARN is taken. */
  async insertExecution(prisma: Prisma, row: SfnExecutionRow): Promise<boolean> {
    const created = await prisma.sfnEndpointExecution.createMany({ data: [row], skipDuplicates: true });
    return created.count === 1;
  },
  getExecution(prisma: Prisma, executionArn: string): Promise<SfnExecutionRow | null> {
    return prisma.sfnEndpointExecution.findUnique({ where: { executionArn } });
  },
  /** Executions of a state machine (or of one of its versions), newest first. */
  listExecutions(
    prisma: Prisma,
    filter: {
      readonly stateMachineArn: string;
      readonly versionArn?: string;
      readonly aliasArn?: string;
      readonly status?: string;
    },
    skip: number,
    take: number,
  ): Promise<SfnExecutionRow[]> {
    return prisma.sfnEndpointExecution.findMany({
      where: {
        stateMachineArn: filter.stateMachineArn,
        ...(filter.versionArn === undefined ? {} : { versionArn: filter.versionArn }),
        ...(filter.aliasArn === undefined ? {} : { aliasArn: filter.aliasArn }),
        ...(filter.status === undefined ? {} : { status: filter.status }),
      },
      orderBy: [{ startDate: "desc" }, { executionArn: "desc" }],
      skip,
      take,
    });
  },
  listRunning(prisma: Prisma): Promise<SfnExecutionRow[]> {
    return prisma.sfnEndpointExecution.findMany({ where: { status: "RUNNING" } });
  },
  async endExecution(prisma: Prisma, executionArn: string, end: SfnExecutionEnd): Promise<void> {
    await prisma.sfnEndpointExecution.update({ where: { executionArn }, data: end });
  },
  /** Marks an ended execution RUNNING again for its redrive; false when it is not in one of `from` statuses (a concurrent redrive won). */
  async markRedriven(prisma: Prisma, executionArn: string, from: readonly string[], at: Date): Promise<boolean> {
    const updated = await prisma.sfnEndpointExecution.updateMany({
      where: { executionArn, status: { in: [...from] } },
      data: {
        status: "RUNNING",
        stopDate: null,
        output: null,
        error: null,
        cause: null,
        redriveCount: { increment: 1 },
        redriveDate: at,
      },
    });
    return updated.count === 1;
  },
  /** Inserts an activity; the existing one when its ARN is taken (CreateActivity is idempotent). */
  async insertActivity(prisma: Prisma, row: SfnActivityRow): Promise<SfnActivityRow> {
    await prisma.sfnEndpointActivity.createMany({ data: [row], skipDuplicates: true });
    return prisma.sfnEndpointActivity.findUniqueOrThrow({ where: { arn: row.arn } });
  },
  getActivity(prisma: Prisma, arn: string): Promise<SfnActivityRow | null> {
    return prisma.sfnEndpointActivity.findUnique({ where: { arn } });
  },
  listActivities(prisma: Prisma, skip: number, take: number): Promise<SfnActivityRow[]> {
    return prisma.sfnEndpointActivity.findMany({ orderBy: [{ createdAt: "asc" }, { arn: "asc" }], skip, take });
  },
  async deleteActivity(prisma: Prisma, arn: string): Promise<void> {
    await prisma.sfnEndpointActivity.deleteMany({ where: { arn } });
  },
};
