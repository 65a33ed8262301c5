import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { signedOut } from "./helpers/accounts";

// Against the second server of playwright.config.ts: STEPSCOPE_ANONYMOUS_ROLE=none, its own
// database filled with the demo source. Nothing is readable before signing in.
const lockedUrl = `http://127.0.0.1:${Number(process.env["E2E_PORT"] ?? 3100) + 1}`;
const user = { username: "locked-viewer", password: "locked viewer password" };

test.use({ storageState: signedOut, baseURL: lockedUrl });

test("with anonymous access off, pages show only the sign-in form and the API answers 401 until one signs in", async ({
  page,
}) => {
  await page.goto("/executions?status=FAILED");
  await expect(page.getByRole("heading", { name: "Sign in to Stepscope" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(page.getByTestId("executions-table")).toHaveCount(0);
  for (const url of ["/api/executions", "/api/analytics/overview", "/api/sources", "/api/metrics"]) {
    expect((await page.request.get(url)).status(), url).toBe(401);
  }
  expect((await page.request.get("/api/health")).status()).toBe(200);

  execFileSync(process.execPath, ["bin/stepscope.mjs", "users", "add", user.username, "--role", "viewer"], {
    input: `${user.password}\n`,
    env: { ...process.env, DATABASE_URL: "", STEPSCOPE_DATA_DIR: process.env["E2E_LOCKED_DATA_DIR"] },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Username").fill(user.username);
  await form.getByLabel("Password").fill(user.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  // Signing in lands on the page that was asked for, with its filter.
  await expect(page).toHaveURL(/\/executions\?status=FAILED$/);
  await expect(page.getByTestId("signed-in-as")).toContainText(user.username);
  await expect(page.getByTestId("executions-table").getByRole("row").nth(1)).toBeVisible();
  expect((await page.request.get("/api/executions")).status()).toBe(200);
});
