import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "./actor";
import { hasRole } from "./roles";

/**
 * Who may scrape `/api/metrics`: a viewer (or an anonymous visitor where anonymous reading is
 * on), or a scraper sending `Authorization: Bearer <STEPSCOPE_METRICS_TOKEN>` — how
 * Prometheus authenticates (`authorization: { credentials: … }` in its scrape config).
 */
export function assertMayScrape(
  actor: Actor,
  authorization: string | null,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  if (hasRole(actor.role, "viewer")) return;
  const expected = env["STEPSCOPE_METRICS_TOKEN"];
  const given = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (expected && given && digestEqual(given, expected)) return;
  throw new AppError({
    code: "unauthorized",
    message: expected
      ? "Send Authorization: Bearer <STEPSCOPE_METRICS_TOKEN>"
      : "Sign in required (or set STEPSCOPE_METRICS_TOKEN for scrapers)",
  });
}

function digestEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
