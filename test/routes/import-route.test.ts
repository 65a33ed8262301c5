import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/sessions";
import { sessionCookieName } from "@/lib/auth/session-token";
import { createUser } from "@/lib/auth/users";
import { badHistoryFiles, successEvents } from "../builders/bad-history-files";
import { createTestDatabase, type TestDatabase } from "../db";

// POST /api/import with a good file and a bad one: 4xx naming the bad file and the place,
// and what is stored matches what is audited.

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const origin = "http://127.0.0.1:3000";
let db: TestDatabase;
let post: Handler;
let cookie = "";

beforeAll(async () => {
  db = await createTestDatabase();
  process.env["DATABASE_URL"] = db.url;
  process.env["STEPSCOPE_ANONYMOUS_ROLE"] = "none";
  const user = await createUser(db.prisma, { username: "ops", password: "ops password", role: "operator" });
  cookie = (await createSession(db, user.id, { sessionIdleMs: 3_600_000, sessionMaxMs: 3_600_000 })).token;
  post = ((await import("@/app/api/import/route")) as { POST: Handler }).POST;
});
afterAll(async () => db?.drop());

function upload(files: { name: string; content: string | Uint8Array }[]): Promise<Response> {
  const form = new FormData();
  for (const f of files)
    form.append("file", new Blob([typeof f.content === "string" ? f.content : new Uint8Array(f.content)]), f.name);
  const req = new NextRequest(`${origin}/api/import`, {
    method: "POST",
    headers: { host: "127.0.0.1:3000", origin, cookie: `${sessionCookieName}=${cookie}` },
    body: form,
  });
  return post(req, { params: Promise.resolve({}) });
}

async function stored(): Promise<{
  executions: number;
  events: number;
  audits: { outcome: string; details: unknown }[];
}> {
  const { rows } = await db.pool.query<{ executions: number; events: number }>(
    "SELECT (SELECT count(*)::int FROM executions) AS executions, (SELECT count(*)::int FROM history_events) AS events",
  );
  const audits = await db.pool.query<{ outcome: string; details: unknown }>(
    "SELECT outcome, details FROM audit_logs WHERE action = 'import' ORDER BY id",
  );
  return { ...rows[0]!, audits: audits.rows };
}

describe("POST /api/import", () => {
  it("answers 422 naming the bad file and the place when a good file comes with a bad one, storing neither and auditing the refusal", async () => {
    const good = { name: "good.json", content: JSON.stringify({ events: successEvents() }) };
    for (const bad of badHistoryFiles().filter((f) =>
      [
        "nul-in-payload.json",
        "id-2-31.json",
        "two-executions.jsonl",
        "arn-too-long.bundle.json",
        "not-utf8.json",
      ].includes(f.name),
    )) {
      const before = await stored();
      const res = await upload([good, bad]);
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { message: string; details: { location: Record<string, unknown> } } };
      expect(body.error.message.startsWith(`${bad.name}: `)).toBe(true);
      expect(body.error.message).toContain(bad.problem);
      expect(body.error.details.location).toMatchObject({ file: bad.name, ...bad.location });
      const after = await stored();
      expect({ executions: after.executions, events: after.events }).toEqual({
        executions: before.executions,
        events: before.events,
      });
      expect(after.audits.at(-1)).toEqual({
        outcome: "REFUSED",
        details: { files: ["good.json", bad.name], result: body.error.message },
      });
    }
  });

  it("stores a good upload whole, answers each file's outcome with its warnings, and audits exactly that", async () => {
    const arn = "arn:aws:states:us-east-1:123456789012:execution:Orders:route-warned";
    const res = await upload([
      { name: "good.json", content: JSON.stringify({ events: successEvents() }) },
      {
        name: "early.json",
        content: JSON.stringify({ execution: { executionArn: arn, status: "RUNNING" }, events: successEvents() }),
      },
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      executions: { executionArn: string }[];
      warnings: string[];
      files: { fileName: string; warnings: string[] }[];
    };
    expect(body.files.map((f) => f.fileName)).toEqual(["good.json", "early.json"]);
    expect(body.warnings).toHaveLength(1);
    expect(body.warnings[0]).toContain("early.json: ");
    expect(body.warnings[0]).toContain("describe-execution says RUNNING");
    const after = await stored();
    expect(after.executions).toBe(2);
    expect(after.audits.at(-1)).toEqual({
      outcome: "OK",
      details: { files: ["good.json", "early.json"], result: body.executions },
    });
  });
});
