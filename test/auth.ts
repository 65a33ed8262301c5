import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";

/** An actor for calling lib functions directly in tests (no stored account behind it). */
export function testActor(name: string, role: Role = "operator"): Actor {
  return { userId: null, name, role, via: "session" };
}
