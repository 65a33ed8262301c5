import type { PrismaClient } from "@/lib/db/generated/client";

/** The ASL definition an execution ran (null when none is stored); null overall when the execution is unknown. */
export async function getExecutionDefinition(
  db: PrismaClient,
  executionArn: string,
): Promise<{ definition: string | null; hash: string | null } | null> {
  const e = await db.execution.findUnique({
    where: { executionArn },
    select: { definition: { select: { definition: true, hash: true } } },
  });
  if (!e) return null;
  return { definition: e.definition?.definition ?? null, hash: e.definition?.hash ?? null };
}
