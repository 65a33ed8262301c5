import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/sessions";
import { sessionCookieName } from "@/lib/auth/session-token";
import { createUser } from "@/lib/auth/users";
import { successEvents } from "../builders/bad-history-files";
import { createTestDatabase, type TestDatabase } from "../db";

// POST /api/import with a file whose parsing needs more than the import worker's heap
// (STEPSCOPE_IMPORT_MEMORY_MB): the worker thread dies out of memory, the server does not,
// and the answer is a 422 naming the file and the limit, with nothing stored.

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const origin = "http://127.0.0.1:3000";
let db: TestDatabase;
let post: Handler;
let cookie = "";

beforeAll(async () => {
  db = await createTestDatabase();
  process.env["DATABASE_URL"] = db.url;
  process.env["STEPSCOPE_ANONYMOUS_ROLE"] = "none";
  // The least the setting allows.
  process.env["STEPSCOPE_IMPORT_MEMORY_MB"] = "64";
  const user = await createUser(db.prisma, { username: "ops", password: "ops password", role: "operator" });
  cookie = (await createSession(db, user.id, { sessionIdleMs: 3_600_000, sessionMaxMs: 3_600_000 })).token;
  post = ((await import("@/app/api/import/route")) as { POST: Handler }).POST;
});
afterAll(async () => {
  delete process.env["STEPSCOPE_IMPORT_MEMORY_MB"];
  await db?.drop();
});

function upload(files: { name: string; content: string }[]): Promise<Response> {
  const form = new FormData();
  for (const f of files) form.append("file", new Blob([f.content]), f.name);
  const req = new NextRequest(`${origin}/api/import`, {
    method: "POST",
    headers: { host: "127.0.0.1:3000", origin, cookie: `${sessionCookieName}=${cookie}` },
    body: form,
  });
  return post(req, { params: Promise.resolve({}) });
}

describe("POST /api/import past the import memory limit", () => {
  it("answers 422 naming the file and the limit, stores nothing, and the next upload is read by a new worker", async () => {
    // 24 MB (within the 32 MB upload limit) of 3,000,000 small objects: ~150 MB once parsed.
    const padding = `[${Array(3_000_000).fill('{"x":1}').join(",")}]`;
    const res = await upload([
      { name: "small.json", content: JSON.stringify({ events: successEvents() }) },
      { name: "huge.json", content: `{"events": ${JSON.stringify(successEvents())}, "padding": ${padding}}` },
    ]);
    const body = (await res.json()) as { error: { message: string } };
    expect(res.status, JSON.stringify(body)).toBe(422);
    expect(body.error.message).toContain("huge.json");
    expect(body.error.message).toContain("import memory limit of 64 MB (STEPSCOPE_IMPORT_MEMORY_MB)");
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions");
    expect(rows[0]!.n).toBe(0);

    // The dead worker was replaced: a file that fits is stored.
    const again = await upload([{ name: "small.json", content: JSON.stringify({ events: successEvents() }) }]);
    expect(again.status, await again.clone().text()).toBe(200);
  }, 180_000);
});
