import type { SecretReference } from "@/lib/store/alert-rule-schema";

/** Reads a secret by reference; throws with what is missing (never the secret). */
export type SecretResolver = (reference: SecretReference) => string;

/** The value at a JSON Pointer (RFC 6901) in `document`, or undefined. */
export function getAtPointer(document: unknown, pointer: string): unknown {
  let value = document;
  for (const raw of pointer.split("/").slice(1)) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
}

/**
 * Secrets from `env` (`{"env": NAME}`) or from the rules file as `readRulesDocument` reads
 * it now (`{"file": pointer}`), so neither is ever stored in the database.
 */
export function createSecretResolver(
  env: Readonly<Record<string, string | undefined>>,
  readRulesDocument: () => unknown,
): SecretResolver {
  return (reference) => {
    if ("env" in reference) {
      const value = env[reference.env];
      if (!value) throw new Error(`the environment variable ${reference.env} is not set`);
      return value;
    }
    const value = getAtPointer(readRulesDocument(), reference.file);
    if (typeof value !== "string" || value === "")
      throw new Error(`the rules file has no text at ${reference.file} any more`);
    return value;
  };
}
