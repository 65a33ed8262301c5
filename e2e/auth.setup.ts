import { execFileSync } from "node:child_process";
import { expect, test as setup } from "@playwright/test";
import { accounts, storageStateOf, type AccountRole } from "./helpers/accounts";

// Runs before the specs, against the started server: creates one account per role with the
// CLI (`stepscope users add`, joining the server's embedded Postgres through its data
// folder), signs each in through the API and keeps its cookie for the specs.
for (const role of Object.keys(accounts) as AccountRole[]) {
  setup(`sign in as ${role}`, async ({ request }) => {
    const { username, password } = accounts[role];
    execFileSync(process.execPath, ["bin/stepscope.mjs", "users", "add", username, "--role", role], {
      input: `${password}\n`,
      env: { ...process.env, DATABASE_URL: "", STEPSCOPE_DATA_DIR: process.env["E2E_DATA_DIR"] },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const res = await request.post("/api/auth/login", { data: { username, password } });
    expect(res.status(), await res.text()).toBe(200);
    await request.storageState({ path: storageStateOf(role) });
  });
}
