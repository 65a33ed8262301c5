// POST /api/auth/setup — create the first admin with the one-time token the server printed at start; signs it in
import { NextResponse } from "next/server";
import { withRoute } from "@/lib/api/with-route";
import { getAuthConfig } from "@/lib/auth/auth-config";
import { setupSchema } from "@/lib/auth/auth-schemas";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { createSession } from "@/lib/auth/sessions";
import { createFirstAdmin } from "@/lib/auth/setup-token";
import { getDb } from "@/lib/db/client";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async (req) => {
    const input = setupSchema.parse(await readJsonBody(req, bodyLimits.form));
    const db = await getDb();
    const user = await createFirstAdmin(db, input);
    const session = await createSession(db, user.id, getAuthConfig());
    const res = NextResponse.json({ name: user.username, role: user.role });
    setSessionCookie(res, req, session.token, session.expiresAt);
    return res;
  },
  { role: "public" },
);
