import type { Database } from "@/lib/db/database";

/** The tags of a state machine or activity of the Step Functions endpoint, by key. */
export async function getSfnEndpointTags(
  prisma: Database["prisma"],
  resourceArn: string,
): Promise<{ key: string; value: string }[]> {
  const rows = await prisma.sfnEndpointTag.findMany({ where: { resourceArn }, orderBy: { key: "asc" } });
  return rows.map((row) => ({ key: row.key, value: row.value }));
}
