import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// scrypt (RFC 7914) from Node's own crypto: a slow, memory-hard hash, no native add-on.
// N = 2^15, r = 8, p = 1 takes ~50–100 ms and 32 MiB here; the parameters are stored
// with each hash so they can be raised later without invalidating old ones.
const defaults = { log2N: 15, r: 8, p: 1 };
const keyLength = 32;

export const minPasswordLength = 10;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** log2N, r, p, maxmem: 256 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$<log2N>$<r>$<p>$<salt b64>$<hash b64>` */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, defaults.log2N, defaults.r, defaults.p);
  return ["scrypt", defaults.log2N, defaults.r, defaults.p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Marks an account that signs in only through the reverse proxy: no password matches it. */
export const noPasswordHash = "!";

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") {
    // Spend the same time as a real check, so an unusable hash cannot be told apart by timing.
    await derive(password, Buffer.alloc(16), defaults.log2N, defaults.r, defaults.p);
    return false;
  }
  const [, log2N, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), Number(log2N), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < minPasswordLength) return `must be at least ${minPasswordLength} characters`;
  if (password.length > 1024) return "must be at most 1024 characters";
  return null;
}
