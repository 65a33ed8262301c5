// POST /api/auth/login — sign in with a username and password; sets the session cookie
import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors/app-error";
import { withRoute } from "@/lib/api/with-route";
import { recordAuditAlone } from "@/lib/store/record-audit";
import { anonymousActor } from "@/lib/auth/actor";
import { getAuthConfig } from "@/lib/auth/auth-config";
import { signInSchema } from "@/lib/auth/auth-schemas";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { createSession } from "@/lib/auth/sessions";
import { clientAddress } from "@/lib/auth/client-address";
import { clearSignInAttempt, reserveSignInAttempt } from "@/lib/auth/sign-in-throttle";
import { authenticate } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { bodyLimits } from "@/lib/api/body-limits";
import { readJsonBody } from "@/lib/api/read-json-body";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async (req) => {
    const { username, password } = signInSchema.parse(await readJsonBody(req, bodyLimits.form));
    const db = await getDb();
    const config = getAuthConfig();
    const attempt = { username, address: clientAddress((name) => req.headers.get(name), config.trustedProxyHops) };
    // Counted before the password is checked: concurrent guesses cannot slip past the limit.
    await reserveSignInAttempt(db, attempt);
    const user = await authenticate(db, username, password);
    if (!user) {
      await recordAuditAlone(db, anonymousActor(null), {
        action: "auth.sign-in",
        targetType: "user",
        targetId: username,
        outcome: "DENIED",
      });
      throw new AppError({ code: "unauthorized", message: "Wrong username or password" });
    }
    await clearSignInAttempt(db, attempt);
    const session = await createSession(db, user.id, config);
    const actor = { userId: user.id, name: user.username, role: user.role, via: "session" } as const;
    await recordAuditAlone(db, actor, { action: "auth.sign-in", targetType: "user", targetId: user.id, outcome: "OK" });
    const res = NextResponse.json({ name: user.username, role: user.role });
    setSessionCookie(res, req, session.token, session.expiresAt);
    return res;
  },
  { role: "public" },
);
