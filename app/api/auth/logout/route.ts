// POST /api/auth/logout — ends this browser's session
import { NextResponse } from "next/server";
import { withRoute } from "@/lib/api/with-route";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { sessionCookieName } from "@/lib/auth/session-token";
import { deleteSession } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async (req) => {
    const token = req.cookies.get(sessionCookieName)?.value;
    if (token) await deleteSession(await getDb(), token);
    const res = NextResponse.json({ ok: true });
    clearSessionCookie(res, req);
    return res;
  },
  { role: "public" },
);
