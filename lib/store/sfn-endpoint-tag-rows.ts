import type { Database } from "@/lib/db/database";

type Prisma = Database["prisma"];

/** A tag as the Step Functions API carries it. */
export interface SfnTag {
  readonly key: string;
  readonly value: string;
}

/** Writes of the Step Functions endpoint's tags (state machines and activities). */
export const sfnEndpointTagRows = {
  /** Adds the tags to the resource, a key it has already taking the new value. */
  async setTags(prisma: Prisma, resourceArn: string, tags: readonly SfnTag[]): Promise<void> {
    await prisma.$transaction(
      tags.map((tag) =>
        prisma.sfnEndpointTag.upsert({
          where: { resourceArn_key: { resourceArn, key: tag.key } },
          create: { resourceArn, key: tag.key, value: tag.value },
          update: { value: tag.value },
        }),
      ),
    );
  },
  /** Removes these keys from the resource (keys it does not have are ignored, as AWS ignores them). */
  async removeTags(prisma: Prisma, resourceArn: string, keys: readonly string[]): Promise<void> {
    await prisma.sfnEndpointTag.deleteMany({ where: { resourceArn, key: { in: [...keys] } } });
  },
  /** Removes every tag of a deleted resource. */
  async deleteTagsOf(prisma: Prisma, resourceArn: string): Promise<void> {
    await prisma.sfnEndpointTag.deleteMany({ where: { resourceArn } });
  },
};
