import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import type { Actor } from "@/lib/auth/actor";
import { listSavedViews } from "@/lib/queries/list-saved-views";
import { deleteView, saveView } from "./save-view";

const operator: Actor = { userId: null, name: "olivia", role: "operator", via: "system" };
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const audit = async () =>
  (
    await db.pool.query<{ actor: string; action: string; outcome: string; details: unknown }>(
      "SELECT actor, action, outcome, details FROM audit_logs WHERE action LIKE 'saved_view.%' ORDER BY id",
    )
  ).rows;

describe("saved views", () => {
  it("saves a named query for the team, lists it by name, and audits who saved it", async () => {
    await saveView(db, operator, {
      name: "Declined cards",
      query: 'error = "Payment.Declined" AND startDate > now-7d',
    });
    await saveView(db, operator, { name: "big orders", query: "input.order.amount > 1000" });
    expect((await listSavedViews(db)).map((v) => [v.name, v.query, v.createdBy])).toEqual([
      ["big orders", "input.order.amount > 1000", "olivia"],
      ["Declined cards", 'error = "Payment.Declined" AND startDate > now-7d', "olivia"],
    ]);
    expect(await audit()).toMatchObject([
      { actor: "olivia", action: "saved_view.create", outcome: "OK", details: { name: "Declined cards" } },
      { actor: "olivia", action: "saved_view.create", outcome: "OK", details: { name: "big orders" } },
    ]);
  });

  it("refuses a wrong query with its column, and a name in use, writing no view", async () => {
    await expect(saveView(db, operator, { name: "typo", query: 'stauts = "FAILED"' })).rejects.toMatchObject({
      code: "unprocessable_entity",
      message:
        "query: column 1: unknown field 'stauts' (fields: status, stateMachine, name, source, account, region, type, error, cause, rootCauseState, state, failedState, startDate, stopDate, duration, redriveCount, version, alias, input.<path>, output.<path>)",
    });
    await expect(saveView(db, operator, { name: "big orders", query: "duration > 1h" })).rejects.toMatchObject({
      code: "conflict",
    });
    expect((await listSavedViews(db)).map((v) => v.name)).toEqual(["big orders", "Declined cards"]);
    expect((await audit()).at(-1)).toMatchObject({ action: "saved_view.create", outcome: "REFUSED" });
  });

  it("deletes a view (audited) and says when there is none", async () => {
    const [view] = await listSavedViews(db);
    await deleteView(db, operator, view!.id);
    expect((await listSavedViews(db)).map((v) => v.name)).toEqual(["Declined cards"]);
    expect((await audit()).at(-1)).toMatchObject({ action: "saved_view.delete", outcome: "OK" });
    await expect(deleteView(db, operator, view!.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
