import path from "node:path";

/** The accounts every e2e run creates (through the CLI, as an admin would) and signs in once. */
export const accounts = {
  admin: { username: "e2e-admin", password: "e2e admin password" },
  operator: { username: "e2e-operator", password: "e2e operator password" },
  viewer: { username: "e2e-viewer", password: "e2e viewer password" },
} as const;
export type AccountRole = keyof typeof accounts;

/** The browser state (session cookie) of a signed-in account, written by `auth.setup.ts`. */
export function storageStateOf(role: AccountRole): string {
  return path.join(process.env["E2E_OUTPUT_DIR"] ?? "e2e/.output", ".auth", `${role}.json`);
}

/** A fresh browser context that nobody signed in to. */
export const signedOut = { cookies: [], origins: [] };
