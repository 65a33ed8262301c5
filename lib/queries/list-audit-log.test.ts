import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { createUser } from "@/lib/auth/users";
import { recordAuditAlone } from "@/lib/store/record-audit";
import { auditLogParamsSchema, listAuditLog } from "./list-audit-log";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("listAuditLog", () => {
  it("names a user target by its username, keeps the id, and leaves other targets as they are", async () => {
    const olga = await createUser(db.prisma, { username: "olga", password: "operator pass 1", role: "operator" });
    const actor = { userId: null, name: "root" };
    await recordAuditAlone(db, actor, { action: "user.update", targetType: "user", targetId: olga.id, outcome: "OK" });
    await recordAuditAlone(db, actor, {
      action: "auth.sign-in",
      targetType: "user",
      targetId: "nobody",
      outcome: "DENIED",
    });
    await recordAuditAlone(db, actor, { action: "source.sync", targetType: "source", targetId: "demo", outcome: "OK" });
    const { rows } = await listAuditLog(db, auditLogParamsSchema.parse({}), { withExternalIds: true });
    expect(rows.map((r) => [r.action, r.targetId, r.targetName])).toEqual([
      ["source.sync", "demo", null],
      ["auth.sign-in", "nobody", null],
      ["user.update", olga.id, "olga"],
    ]);
  });
});
