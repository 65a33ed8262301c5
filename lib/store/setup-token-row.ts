import type { PrismaTransaction } from "./prisma-transaction";

const settingKey = "auth.setup-token";

/** The one-time setup token's hash in `app_settings` (lib/auth/setup-token.ts makes and checks it). */
export const setupTokenRow = {
  async save(client: PrismaTransaction, value: { hash: string; issuedAt: string }): Promise<void> {
    await client.appSetting.upsert({
      where: { key: settingKey },
      create: { key: settingKey, value },
      update: { value },
    });
  },
  /** The stored hash, row-locked until the transaction `tx` ends (one setup at a time). */
  async lockHash(tx: PrismaTransaction): Promise<string | undefined> {
    const rows = await tx.$queryRaw<{ value: { hash?: string } }[]>`
      SELECT value FROM app_settings WHERE key = ${settingKey} FOR UPDATE`;
    return rows[0]?.value.hash;
  },
  async remove(tx: PrismaTransaction): Promise<void> {
    await tx.appSetting.delete({ where: { key: settingKey } });
  },
};
