import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgeAlertIncident } from "@/lib/store/alert-incident-rows";
import { deleteAlertRule } from "@/lib/store/alert-rule-rows";
import { createTestDatabase, type TestDatabase } from "@/test/db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("alert tables", () => {
  it("match the Prisma schema: every model written and read through the generated client", async () => {
    const { prisma } = db;
    const rule = await prisma.alertRule.create({
      data: {
        name: "r",
        condition: { kind: "new-failure-group" },
        notify: [{ channel: "email", to: "a@example.com" }],
      },
    });
    const incident = await prisma.alertIncident.create({
      data: { ruleId: rule.id, key: "sig", facts: { summary: "s", where: "M" }, openedAt: new Date() },
    });
    const notification = await prisma.alertNotification.create({
      data: { incidentId: incident.id, kind: "open", message: {}, createdAt: new Date() },
    });
    await prisma.alertDelivery.create({
      data: {
        notificationId: notification.id,
        channel: "email",
        targetIndex: 0,
        label: "email a@example.com",
        nextAttemptAt: new Date(),
      },
    });
    const found = await prisma.alertRule.findMany({
      include: { incidents: { include: { notifications: { include: { deliveries: true } } } } },
    });
    expect(found[0]?.incidents[0]?.notifications[0]?.deliveries[0]?.state).toBe("PENDING");
    expect(found[0]?.origin).toBe("page");
  });

  it("keeps one open incident per rule and key", async () => {
    const rule = await db.prisma.alertRule.create({
      data: { name: "one-open", condition: { kind: "new-failure-group" } },
    });
    const open = { ruleId: rule.id, key: "k", facts: {}, openedAt: new Date() };
    await db.prisma.alertIncident.create({ data: open });
    await expect(db.prisma.alertIncident.create({ data: open })).rejects.toThrow();
    await db.prisma.alertIncident.create({ data: { ...open, status: "RESOLVED" } });
  });

  it("acknowledges an incident once and deletes a rule with its incidents, each audited", async () => {
    const actor = { userId: null, name: "op" };
    const rule = await db.prisma.alertRule.create({ data: { name: "ack", condition: { kind: "new-failure-group" } } });
    const incident = await db.prisma.alertIncident.create({
      data: { ruleId: rule.id, key: "k", facts: {}, openedAt: new Date() },
    });
    expect(await acknowledgeAlertIncident(db.pool, actor, String(incident.id))).toBe(true);
    expect(await acknowledgeAlertIncident(db.pool, actor, String(incident.id))).toBe(false);
    expect(await deleteAlertRule(db.pool, actor, rule.id)).toBe(true);
    expect(await db.prisma.alertIncident.count({ where: { ruleId: rule.id } })).toBe(0);
    const audit = await db.prisma.auditLog.findMany({ orderBy: { id: "asc" }, select: { action: true, actor: true } });
    expect(audit).toEqual([
      { action: "alert.incident.acknowledge", actor: "op" },
      { action: "alert.rule.delete", actor: "op" },
    ]);
  });
});
