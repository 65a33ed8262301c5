import { expect, test } from "@playwright/test";
import { accounts, signedOut, storageStateOf } from "./helpers/accounts";

test.describe("signed out", () => {
  test.use({ storageState: signedOut });

  test("a visitor reads (loopback server) but cannot act; signing in as operator shows the operator's sections", async ({
    page,
  }) => {
    await page.goto("/executions");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByText("Not signed in (read only)")).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

    const refused = await page.request.post("/api/local-runs", {
      data: { definition: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}' },
    });
    expect(refused.status()).toBe(401);

    await nav.getByRole("link", { name: "Sign in" }).click();
    const form = page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Username").fill(accounts.operator.username);
    await form.getByLabel("Password").fill("not the password");
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(form.getByRole("alert")).toHaveText("Wrong username or password");

    await form.getByLabel("Password").fill(accounts.operator.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signed-in-as")).toContainText(accounts.operator.username);
    await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

    await page.goto("/users");
    await expect(page.getByText("This page needs the admin role")).toBeVisible();
    await page.goto("/audit?action=auth.sign-in");
    const rows = page.getByTestId("audit-row");
    await expect(rows.filter({ hasText: "DENIED" }).first()).toBeVisible();
    await expect(rows.filter({ hasText: accounts.operator.username }).filter({ hasText: "OK" }).first()).toBeVisible();

    await nav.getByRole("button", { name: "Sign out" }).click();
    await expect(nav.getByText("Not signed in (read only)")).toBeVisible();
  });
});

test.describe("viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("a viewer gets 403 from a mutating route and sees no operator sections", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("signed-in-as")).toContainText(accounts.viewer.username);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(
      0,
    );
    const res = await page.request.post("/api/import?name=x.json", { data: { events: [] } });
    expect(res.status()).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    // What a viewer may not do is not offered: no import, and Run says why it is off.
    await page.goto("/executions");
    await expect(page.getByRole("heading", { name: "Executions" })).toBeVisible();
    await expect(page.getByText("Import histories…")).toHaveCount(0);
    await page.goto("/local-runs");
    await expect(page.getByRole("button", { name: "Run" })).toBeDisabled();
    await expect(page.getByText("Running needs the operator role")).toBeVisible();
    await page.goto("/sources");
    await expect(page.getByRole("heading", { name: "Sources" })).toBeVisible();
    await expect(page.getByText("Add an AWS source")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Remove demo data" })).toHaveCount(0);
  });
});

test("an admin adds a user, and the audit log shows who did it", async ({ page }) => {
  await page.goto("/users");
  await expect(page.getByTestId("user-row").filter({ hasText: accounts.viewer.username })).toBeVisible();
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Username").fill("e2e-new-operator");
  await form.getByLabel(/^Password/).fill("a new operator password");
  await form.getByLabel("Role").selectOption("operator");
  await form.getByRole("button", { name: "Add user" }).click();
  const row = page.getByTestId("user-row").filter({ hasText: "e2e-new-operator" });
  await expect(row.getByRole("combobox")).toHaveValue("operator");

  await page.goto("/audit?action=user.");
  const audit = page
    .getByTestId("audit-row")
    .filter({ hasText: "user.create" })
    .filter({ hasText: accounts.admin.username });
  await expect(audit.first()).toBeVisible();
});
