import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { signedOut } from "./helpers/accounts";

// Against the second server of playwright.config.ts (STEPSCOPE_ANONYMOUS_ROLE=none): an admin
// stores an execution whose input carries a canary and a source whose role ARN and external id
// carry it; then every page, fetched signed out as HTML and as a React Server Component
// payload (`RSC: 1`), must carry no trace of it.
const lockedUrl = `http://127.0.0.1:${Number(process.env["E2E_PORT"] ?? 3100) + 1}`;
// Unique per worker: after a failed test Playwright starts a new worker, which runs beforeAll again.
const admin = { username: `leak-admin-${Date.now().toString(36)}`, password: "leak admin password" };
const canary = `c4n4ry${Date.now().toString(36)}`;
const executionArn = `arn:aws:states:us-east-1:123456789012:execution:LeakCheck:run-${Date.now()}`;

test.use({ storageState: signedOut });

let signedIn: APIRequestContext;
let anonymous: APIRequestContext;

test.beforeAll(async () => {
  execFileSync(process.execPath, ["bin/stepscope.mjs", "users", "add", admin.username, "--role", "admin"], {
    input: `${admin.password}\n`,
    env: { ...process.env, DATABASE_URL: "", STEPSCOPE_DATA_DIR: process.env["E2E_LOCKED_DATA_DIR"] },
    stdio: ["pipe", "pipe", "inherit"],
  });
  signedIn = await request.newContext({
    baseURL: lockedUrl,
    storageState: signedOut,
    extraHTTPHeaders: { origin: lockedUrl },
  });
  anonymous = await request.newContext({ baseURL: lockedUrl, storageState: signedOut });
  expect((await signedIn.post("/api/auth/login", { data: admin })).status()).toBe(200);

  const history = JSON.parse(readFileSync("test/fixtures/histories/parallel-failure.json", "utf8")) as {
    events: { type: string; executionStartedEventDetails?: { input: string } }[];
  };
  history.events[0]!.executionStartedEventDetails!.input = JSON.stringify({ customer: `input-${canary}` });
  const imported = await signedIn.post(`/api/import?executionArn=${encodeURIComponent(executionArn)}`, {
    data: history,
  });
  expect(imported.status(), await imported.text()).toBe(200);

  const source = await signedIn.post("/api/sources", {
    data: {
      name: `leak-check-${canary}`,
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9",
      settings: {
        roleArn: `arn:aws:iam::123456789012:role/role-${canary}`,
        externalId: `external-${canary}`,
        pollIntervalSeconds: 86_400,
      },
    },
  });
  expect(source.status(), await source.text()).toBe(200);
});

test.afterAll(async () => {
  await signedIn?.dispose();
  await anonymous?.dispose();
});

const stateMachineArn = executionArn.replace(":execution:", ":stateMachine:").replace(/:run-\d+$/, "");
/** Every page of app/ (each tab of the execution page that loads its own data too). */
const dataPages = () => [
  "/",
  "/executions",
  "/executions?status=FAILED",
  `/executions/${encodeURIComponent(executionArn)}`,
  `/executions/${encodeURIComponent(executionArn)}?tab=graph`,
  `/executions/${encodeURIComponent(executionArn)}?tab=input`,
  `/executions/${encodeURIComponent(executionArn)}?tab=timeline`,
  `/executions/${encodeURIComponent(executionArn)}?tab=events`,
  "/sources",
  "/state-machines",
  `/state-machines/${encodeURIComponent(stateMachineArn)}`,
  "/failures",
  "/costs",
  "/local-runs",
  "/alerts",
  "/audit",
  "/users",
];
/** The pages a signed-out visitor is meant to see. */
const signInPages = ["/login", "/login?next=%2Fsources", "/setup"];
const pages = () => [...dataPages(), ...signInPages, "/no-such-page"];

test("the canary is stored and readable when signed in (the check below means something)", async () => {
  const page = await signedIn.get(`/executions/${encodeURIComponent(executionArn)}?tab=input`);
  const detail = await signedIn.get(`/api/executions/${encodeURIComponent(executionArn)}`);
  expect(await detail.text()).toContain(canary);
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain(canary);
  expect(await (await signedIn.get("/sources")).text()).toContain(canary);
  // An RSC request (Next answers 307 to the URL with its `_rsc` hash first; followed here).
  const rsc = await signedIn.get("/sources", { headers: { RSC: "1" } });
  expect(rsc.headers()["content-type"]).toContain("text/x-component");
  expect(await rsc.text()).toContain(canary);
});

test("signed out, no page carries a stored value: neither its HTML nor its RSC payload", async () => {
  const leaks: string[] = [];
  for (const url of pages()) {
    for (const rsc of [false, true]) {
      const res = await anonymous.get(url, { headers: rsc ? { RSC: "1" } : {} });
      const body = await res.text();
      if (rsc) expect(res.headers()["content-type"], url).toContain("text/x-component");
      if (body.includes(canary)) leaks.push(`${url}${rsc ? " (RSC)" : ""}: ${res.status()}`);
    }
  }
  expect(leaks).toEqual([]);
});

test("signed out, every data page answers 401 with the sign-in form in its place (HTML and RSC); the sign-in pages 200", async () => {
  const statuses: string[] = [];
  for (const url of dataPages()) {
    const html = await anonymous.get(url);
    const body = await html.text();
    expect(body, url).toContain("Sign in to Stepscope");
    expect(body, url).not.toContain('aria-label="Main"');
    const rsc = await anonymous.get(url, { headers: { RSC: "1" } });
    statuses.push(`${url} ${html.status()} ${rsc.status()}`);
  }
  expect(statuses).toEqual(dataPages().map((url) => `${url} 401 401`));
  for (const url of signInPages) expect((await anonymous.get(url)).status(), url).toBe(200);
  // A page that does not exist is still a 404 (with the sign-in form: nothing else is rendered).
  expect((await anonymous.get("/no-such-page")).status()).toBe(404);
});

test("signed in, the same pages answer 200 (the 401 is for visitors only)", async () => {
  for (const url of ["/", "/executions", "/sources", `/executions/${encodeURIComponent(executionArn)}`, "/users"]) {
    expect((await signedIn.get(url)).status(), url).toBe(200);
    expect((await signedIn.get(url, { headers: { RSC: "1" } })).status(), `${url} (RSC)`).toBe(200);
  }
});
