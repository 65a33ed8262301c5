import { expect, type Page } from "@playwright/test";
import { accounts, type AccountRole } from "./accounts";

/**
 * Signs `page`'s browser context in as one of the accounts `auth.setup.ts` created (the
 * session cookie then goes with the page and with `page.request`). Specs run as admin by
 * default; use this (or `test.use({ storageState: storageStateOf(role) })`) for another role.
 */
export async function signIn(page: Page, role: AccountRole): Promise<void> {
  const { username, password } = accounts[role];
  const res = await page.request.post("/api/auth/login", { data: { username, password } });
  expect(res.status(), await res.text()).toBe(200);
}
