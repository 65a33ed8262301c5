import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/sessions";
import { sessionCookieName } from "@/lib/auth/session-token";
import { createUser } from "@/lib/auth/users";
import { successEvents } from "../builders/bad-history-files";
import { createTestDatabase, type TestDatabase } from "../db";

// DATABASE_READ_URL names a role that can only read (default_transaction_read_only=on), on the
// same server: every write it were sent would fail, so a working import proves writes go to
// DATABASE_URL, and the reader's own connections prove the reads went to DATABASE_READ_URL.

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const origin = "http://127.0.0.1:3000";
const arn = "arn:aws:states:us-east-1:123456789012:execution:Orders:read-replica-1";
let db: TestDatabase;
let reader: string;
let session = "";

beforeAll(async () => {
  db = await createTestDatabase();
  reader = `reader_${db.name}`;
  await db.pool.query(`CREATE ROLE ${reader} LOGIN PASSWORD 'reader'`);
  await db.pool.query(`ALTER ROLE ${reader} SET default_transaction_read_only = on`);
  await db.pool.query(`GRANT USAGE ON SCHEMA public TO ${reader}`);
  await db.pool.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${reader}`);
  const readUrl = new URL(db.url);
  readUrl.username = reader;
  readUrl.password = "reader";
  process.env["DATABASE_URL"] = db.url;
  process.env["DATABASE_READ_URL"] = readUrl.toString();
  process.env["STEPSCOPE_ANONYMOUS_ROLE"] = "none";
  const user = await createUser(db.prisma, { username: "ops", password: "ops password", role: "operator" });
  session = (await createSession(db, user.id, { sessionIdleMs: 3_600_000, sessionMaxMs: 3_600_000 })).token;
});
afterAll(async () => {
  const { getDb, getReadDb } = await import("@/lib/db/client");
  const replica = await getReadDb();
  await replica.pool.end();
  await (await getDb()).close();
  // Roles belong to the server, not the test's database: this one goes with it.
  await db.pool.query(`DROP OWNED BY ${reader}`);
  await db.pool.query(`DROP ROLE ${reader}`);
  await db.drop();
});

const routes = {
  import: () => import("@/app/api/import/route"),
  executions: () => import("@/app/api/executions/route"),
  "executions/[arn]": () => import("@/app/api/executions/[arn]/route"),
  "executions/[arn]/events": () => import("@/app/api/executions/[arn]/events/route"),
};

async function route(path: keyof typeof routes, method: "GET" | "POST" = "GET", extra: Record<string, string> = {}) {
  const mod = (await routes[path]()) as unknown as Record<string, Handler>;
  return (url: string, init: { body?: FormData; cookie?: string } = {}) =>
    mod[method]!(
      new NextRequest(`${origin}${url}`, {
        method,
        headers: {
          host: "127.0.0.1:3000",
          origin,
          cookie: [`${sessionCookieName}=${session}`, init.cookie].filter(Boolean).join("; "),
          ...extra,
        },
        ...(init.body ? { body: init.body } : {}),
      }),
      { params: Promise.resolve({ arn }) },
    );
}

async function readerConnections(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND datname = $2",
    [reader, db.name],
  );
  return rows[0]!.n;
}

describe("DATABASE_READ_URL", () => {
  it("is refused a write: the role really is read-only", async () => {
    const readUrl = process.env["DATABASE_READ_URL"]!;
    const { connectDatabase } = await import("@/lib/db/database");
    const direct = connectDatabase(readUrl, { max: 1 });
    await expect(direct.pool.query("UPDATE executions SET status = status")).rejects.toThrow(/read-only transaction/);
    await direct.pool.end();
  });

  it("takes the import's writes on the primary, marks the writer, and serves the API's reads from the replica", async () => {
    const form = new FormData();
    form.append(
      "file",
      new Blob([JSON.stringify({ execution: { executionArn: arn }, events: successEvents() })]),
      "one.json",
    );
    const imported = await (await route("import", "POST"))("/api/import", { body: form });
    expect(imported.status).toBe(200);
    const wrote = /stepscope_wrote=([0-9A-F]+\/[0-9A-F]+)/i.exec(imported.headers.get("set-cookie") ?? "")?.[1];
    expect(wrote).toBeDefined();
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM history_events h JOIN executions e ON e.id = h.execution_id WHERE e.execution_arn = $1",
      [arn],
    );
    expect(rows[0]!.n).toBe(successEvents().length);

    // Right after the write, with the writer's cookie (read-your-writes), then without it.
    for (const cookie of [`stepscope_wrote=${wrote}`, ""]) {
      const list = await (await route("executions"))("/api/executions", { cookie });
      expect(list.status).toBe(200);
      const body = (await list.json()) as { rows?: { executionArn: string }[]; items?: { executionArn: string }[] };
      expect(JSON.stringify(body)).toContain(arn);
      const detail = await (await route("executions/[arn]"))(`/api/executions/${encodeURIComponent(arn)}`, { cookie });
      expect(detail.status).toBe(200);
      expect(((await detail.json()) as { executionArn: string }).executionArn).toBe(arn);
      const events = await (
        await route("executions/[arn]/events")
      )(`/api/executions/${encodeURIComponent(arn)}/events`);
      expect(((await events.json()) as { events: unknown[] }).events).toHaveLength(successEvents().length);
    }
    expect(await readerConnections()).toBeGreaterThan(0);
  });

  it("reads a writer's page from the primary while the replica has not replayed its write", async () => {
    const { getDb, getReadDb } = await import("@/lib/db/client");
    const primary = await getDb();
    const replica = await getReadDb();
    expect(replica).not.toBe(primary);
    const { rows } = await primary.pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
    expect(await getReadDb({ after: rows[0]!.lsn })).toBe(replica);
    // A position the replica cannot have reached yet: the primary answers.
    expect(await getReadDb({ after: "FFFFFFFF/0" })).toBe(primary);
    const detail = await (
      await route("executions/[arn]")
    )(`/api/executions/${encodeURIComponent(arn)}`, {
      cookie: "stepscope_wrote=FFFFFFFF/0",
    });
    expect(detail.status).toBe(200);
  });
});
