import type { Database } from "@/lib/db/database";
import { signInThrottleRows } from "@/lib/store/sign-in-throttle-rows";
import { AppError } from "@/lib/errors/app-error";

/** Sign-ins one username may try within the window; a success clears its count. */
export const maxSignInsPerUsername = 5;
/** Failed sign-ins one client address may make within the window, whatever the usernames. */
export const maxFailedSignInsPerAddress = 20;
export const signInWindowMs = 15 * 60_000;

/** Who is trying: the username typed and the client's address (lib/auth/client-address.ts). */
export interface SignInAttempt {
  readonly username: string;
  readonly address: string;
}

const userKey = (username: string) => `user:${username}`;
const addressKey = (address: string) => `address:${address}`;

/**
 * Counts a sign-in attempt before its password is checked, and refuses it (429) when the
 * username has had `maxSignInsPerUsername` attempts, or the address `maxFailedSignInsPerAddress`,
 * in the current 15-minute window. One statement counts both keys: the row lock of
 * the upsert (lib/store's `signInThrottleRows.count`) serializes concurrent attempts, so N parallel wrong
 * passwords let exactly the limit through to the password check. The counts live in
 * Postgres: they hold across restarts and every web process.
 */
export async function reserveSignInAttempt(db: Database, attempt: SignInAttempt, now = new Date()): Promise<void> {
  const rows = await signInThrottleRows.count(
    db,
    [userKey(attempt.username), addressKey(attempt.address)],
    now,
    signInWindowMs,
  );
  const minutesLeft = (start: Date) =>
    Math.max(1, Math.ceil((start.getTime() + signInWindowMs - now.getTime()) / 60_000));
  const user = rows.find((r) => r.key === userKey(attempt.username));
  const address = rows.find((r) => r.key === addressKey(attempt.address));
  if (user && user.attempts > maxSignInsPerUsername) {
    throw new AppError({
      code: "too_many_requests",
      message: `Too many failed sign-ins for '${attempt.username}': try again in ${minutesLeft(user.window_start)} min`,
    });
  }
  if (address && address.attempts > maxFailedSignInsPerAddress) {
    throw new AppError({
      code: "too_many_requests",
      message: `Too many failed sign-ins from ${attempt.address}: try again in ${minutesLeft(address.window_start)} min`,
    });
  }
}

/**
 * A sign-in succeeded: the username's count starts again, and the attempt no longer counts
 * against the address (only failures do, so an office behind one address can sign in).
 */
export async function clearSignInAttempt(db: Database, attempt: SignInAttempt, now = new Date()): Promise<void> {
  // Windows that have passed are dropped here too, so guessed usernames do not pile up.
  await signInThrottleRows.clear(db, userKey(attempt.username), addressKey(attempt.address), now, signInWindowMs);
}
