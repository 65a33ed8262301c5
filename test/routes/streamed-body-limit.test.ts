import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as importPost } from "@/app/api/import/route";
import { POST as validatePost } from "@/app/api/local-runs/validate/route";
import { POST as loginPost } from "@/app/api/auth/login/route";
import { bodyLimits } from "@/lib/api/body-limits";
import { createSession } from "@/lib/auth/sessions";
import { sessionCookieName } from "@/lib/auth/session-token";
import { createUser } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "../db";

// Bodies sent chunked, with no Content-Length, from an endless stream: the route must answer
// 413 once past its limit, having pulled little more than the limit (the stream counts what
// was read). A route that reads the whole body first never answers.

let db: TestDatabase;
let cookie = "";
const origin = "http://127.0.0.1:3000";
const chunk = new Uint8Array(64 * 1024).fill(0x20);

beforeAll(async () => {
  db = await createTestDatabase();
  process.env["DATABASE_URL"] = db.url;
  process.env["STEPSCOPE_ANONYMOUS_ROLE"] = "none";
  process.env["STEPSCOPE_MAX_UPLOAD_MB"] = "1";
  const user = await createUser(db.prisma, { username: "uploader", password: "uploader password", role: "operator" });
  cookie = (await createSession(db, user.id, { sessionIdleMs: 3_600_000, sessionMaxMs: 3_600_000 })).token;
});
afterAll(async () => {
  delete process.env["STEPSCOPE_MAX_UPLOAD_MB"];
  await db.drop();
});

/** An endless body of spaces (after `prefix`), counting the bytes the reader pulled. */
function endlessBody(prefix = "") {
  const pulled = { bytes: 0 };
  const head = new TextEncoder().encode(prefix);
  let sentHead = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = sentHead ? chunk : head;
      sentHead = true;
      pulled.bytes += next.byteLength;
      controller.enqueue(next);
    },
  });
  return { stream, pulled };
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;

async function send(
  handler: Handler,
  url: string,
  body: ReadableStream<Uint8Array>,
  contentType: string,
): Promise<Response> {
  // `duplex: "half"` is what fetch needs to send a stream; Next's init type does not list it.
  const init = {
    method: "POST",
    headers: { host: "127.0.0.1:3000", origin, "content-type": contentType, cookie: `${sessionCookieName}=${cookie}` },
    body,
    duplex: "half",
  };
  const req = new NextRequest(`${origin}${url}`, init as ConstructorParameters<typeof NextRequest>[1]);
  expect(req.headers.get("content-length")).toBeNull();
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error("no answer in 20 s: the body was read whole")), 20_000),
  );
  return Promise.race([handler(req, { params: Promise.resolve({}) }), timeout]);
}

describe("streamed bodies past the limit", () => {
  it("POST /api/import (JSON body): 413 after reading about STEPSCOPE_MAX_UPLOAD_MB", async () => {
    const { stream, pulled } = endlessBody('{"events": [');
    const res = await send(importPost as Handler, "/api/import", stream, "application/json");
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      error: {
        code: "payload_too_large",
        message: expect.stringMatching(/limit is 1\.0 MiB \(STEPSCOPE_MAX_UPLOAD_MB\)/),
      },
    });
    expect(pulled.bytes).toBeLessThan(1024 * 1024 + 4 * chunk.byteLength);
  });

  it("POST /api/import (multipart): 413 before the form is parsed", async () => {
    const { stream, pulled } = endlessBody(
      '--b\r\nContent-Disposition: form-data; name="file"; filename="h.json"\r\n\r\n{"events": [',
    );
    const res = await send(importPost as Handler, "/api/import", stream, "multipart/form-data; boundary=b");
    expect(res.status).toBe(413);
    expect(pulled.bytes).toBeLessThan(1024 * 1024 + 4 * chunk.byteLength);
  });

  it("POST /api/local-runs/validate (any viewer): 413 past the interpreter limit", async () => {
    const { stream, pulled } = endlessBody('{"definition": "');
    const res = await send(validatePost as Handler, "/api/local-runs/validate", stream, "application/json");
    expect(res.status).toBe(413);
    expect(pulled.bytes).toBeLessThan(bodyLimits.interpreter + 4 * chunk.byteLength);
  });

  it("POST /api/auth/login (anyone): 413 past the form limit", async () => {
    const { stream, pulled } = endlessBody('{"username": "');
    const res = await send(loginPost as Handler, "/api/auth/login", stream, "application/json");
    expect(res.status).toBe(413);
    expect(pulled.bytes).toBeLessThan(bodyLimits.form + 4 * chunk.byteLength);
  });

  it("a body within the limit still goes through", async () => {
    const small = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode(
            JSON.stringify({ definition: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}' }),
          ),
        );
        controller.close();
      },
    });
    const res = await send(validatePost as Handler, "/api/local-runs/validate", small, "application/json");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, errors: [] });
  });
});
