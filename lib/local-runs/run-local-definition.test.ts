import { testActor } from "../../test/auth";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { AppError } from "@/lib/errors/app-error";
import { listLocalRuns } from "../queries/list-local-runs";
import { localRunSchema } from "./local-run-schema";
import { runLocalDefinition } from "./run-local-definition";

let db: TestDatabase;

beforeEach(async () => {
  db = await createTestDatabase();
});

afterEach(async () => {
  await db?.drop();
});

const failing = JSON.stringify({
  StartAt: "Refuse",
  States: { Refuse: { Type: "Fail", Error: "Order.Rejected", Cause: "no stock" } },
});

describe("runLocalDefinition", () => {
  it("stores the run under the source local and audits it", async () => {
    const run = localRunSchema.parse({ definition: failing });
    const { executionArn, status } = await runLocalDefinition(db, run, testActor("tester"));
    expect(status).toBe("FAILED");

    const runs = await listLocalRuns(db.prisma);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      executionArn,
      status: "FAILED",
      stateMachineName: "local",
      error: "Order.Rejected",
    });
    const source = await db.prisma.source.findUniqueOrThrow({ where: { name: "local" } });
    expect(source.kind).toBe("LOCAL");
    const audit = await db.prisma.auditLog.findMany({ where: { action: "local.run" } });
    expect(audit).toMatchObject([{ actor: "tester", targetId: executionArn, outcome: "OK" }]);
  });

  it("refuses an invalid definition with the paths of its faults, audited and stored nowhere", async () => {
    const run = localRunSchema.parse({
      definition: JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } }),
    });
    const error = await runLocalDefinition(db, run, testActor("tester")).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unprocessable_entity");
    // Both faults AWS's validator names: the missing target, and (with it) no state that ends the run.
    expect((error as AppError).details).toEqual([
      { path: "/States/A/Next", message: expect.stringContaining("Nowhere") as unknown },
      { path: "/", message: "Workflow has no terminal state" },
    ]);
    expect(await listLocalRuns(db.prisma)).toEqual([]);
    expect(await db.prisma.auditLog.findMany({ where: { action: "local.run" } })).toMatchObject([
      { outcome: "REFUSED", targetId: null },
    ]);
  });

  it("fails a definition that loops forever with States.Runtime instead of running on", async () => {
    // AWS refuses a definition with no terminal state: this one has an exit its input never takes.
    const loop = JSON.stringify({
      StartAt: "A",
      States: {
        A: { Type: "Pass", Next: "B" },
        B: { Type: "Choice", Choices: [{ Variable: "$.stop", IsPresent: true, Next: "Done" }], Default: "A" },
        Done: { Type: "Succeed" },
      },
    });
    const { status } = await runLocalDefinition(db, localRunSchema.parse({ definition: loop }), testActor("tester"));
    expect(status).toBe("FAILED");
    expect((await listLocalRuns(db.prisma))[0]?.error).toBe("States.Runtime");
  });

  it("refuses input that is not JSON, naming /input", async () => {
    const run = localRunSchema.parse({ definition: failing, input: "{nope" });
    const error = await runLocalDefinition(db, run, testActor("tester")).catch((err: unknown) => err);
    expect((error as AppError).details).toMatchObject([{ path: "/input" }]);
  });
});
