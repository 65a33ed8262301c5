import { writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { applySourcesConfig, applySourcesConfigFromEnv, parseSourcesConfig, readSourcesConfig } from "./sources-config";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const prod = {
  name: "prod-eu",
  region: "eu-west-1",
  accountId: "123456789012",
  settings: {
    roleArn: "arn:aws:iam::123456789012:role/stepscope-read",
    stateMachines: { mode: "prefix", prefix: "orders-" },
  },
};

describe("sources config", () => {
  it("reads {sources: [...]} or a bare array, with the settings' defaults", () => {
    const config = parseSourcesConfig(JSON.stringify({ sources: [prod] }), "sources.json");
    expect(config.sources).toEqual([
      {
        ...prod,
        settings: { ...prod.settings, firstSyncDays: 90, pollIntervalSeconds: 300, concurrency: 16, quotas: {} },
      },
    ]);
    expect(parseSourcesConfig(JSON.stringify([prod]), "x").sources[0]?.name).toBe("prod-eu");
  });

  it.each([
    ['{"sources": [\n  {"name": "a",}\n]}', "sources.json: line 2, column 16: not valid JSON"],
    ['{"source": []}', 'sources.json: expected {"sources": [...]} or an array of sources'],
    [
      JSON.stringify({ sources: [prod, { ...prod, region: "moon" }] }),
      "sources.json: /sources/1/region: expected an AWS region such as us-east-1",
    ],
    [
      JSON.stringify({ sources: [{ ...prod, settings: { pollIntervalSeconds: 1 } }] }),
      "sources.json: /sources/0/settings/pollIntervalSeconds:",
    ],
    [
      JSON.stringify({ sources: [prod, prod] }),
      "sources.json: /sources/1/name: 'prod-eu' is already the name of /sources/0",
    ],
    [JSON.stringify({ sources: [{ ...prod, colour: "red" }] }), "sources.json: /sources/0: Unrecognized key"],
    [
      JSON.stringify([{ ...prod, settings: { secretAccessKey: "abc" } }]),
      "sources.json: /0/settings/secretAccessKey: credentials do not belong in the config",
    ],
  ])("refuses %s naming where", (text, message) => {
    expect(() => parseSourcesConfig(text, "sources.json")).toThrow(message);
  });

  it("comes from STEPSCOPE_SOURCES or STEPSCOPE_SOURCES_FILE, not both, and names a file it cannot read", () => {
    const dir = mkdtempSync(join(tmpdir(), "stepscope-sources-"));
    const file = join(dir, "sources.json");
    writeFileSync(file, JSON.stringify([prod]));
    expect(readSourcesConfig({})).toBeNull();
    expect(readSourcesConfig({ STEPSCOPE_SOURCES_FILE: file })?.origin).toBe(file);
    expect(readSourcesConfig({ STEPSCOPE_SOURCES: JSON.stringify([prod]) })?.sources).toHaveLength(1);
    expect(() => readSourcesConfig({ STEPSCOPE_SOURCES: "[]", STEPSCOPE_SOURCES_FILE: file })).toThrow("not both");
    expect(() => readSourcesConfig({ STEPSCOPE_SOURCES_FILE: join(dir, "missing.json") })).toThrow(
      `STEPSCOPE_SOURCES_FILE: cannot read ${join(dir, "missing.json")}: ENOENT`,
    );
  });

  it("adds, updates and leaves sources as declared, audited, keeping what was synced", async () => {
    const env = { STEPSCOPE_SOURCES: JSON.stringify([prod, { name: "staging", region: "us-east-1" }]) };
    expect(await applySourcesConfigFromEnv(db.pool, env)).toBe(
      "sources from STEPSCOPE_SOURCES: added prod-eu, staging",
    );
    await db.pool.query(
      `UPDATE sources SET last_sync_at = now(), sync_cursor = '{"standard": {}}' WHERE name = 'prod-eu'`,
    );
    const changed = {
      STEPSCOPE_SOURCES: JSON.stringify([
        { ...prod, settings: { ...prod.settings, pollIntervalSeconds: 60 } },
        { name: "staging", region: "us-east-1" },
      ]),
    };
    expect(await applySourcesConfigFromEnv(db.pool, changed)).toBe(
      "sources from STEPSCOPE_SOURCES: updated prod-eu; unchanged staging",
    );
    const { rows } = await db.pool.query<{
      name: string;
      kind: string;
      settings: { pollIntervalSeconds: number };
      synced: boolean;
    }>(
      `SELECT name, kind::text AS kind, settings, last_sync_at IS NOT NULL AND sync_cursor IS NOT NULL AS synced FROM sources WHERE name IN ('prod-eu', 'staging') ORDER BY name`,
    );
    expect(rows.map((r) => [r.name, r.kind, r.settings.pollIntervalSeconds, r.synced])).toEqual([
      ["prod-eu", "AWS", 60, true],
      ["staging", "AWS", 300, false],
    ]);
    const audit = await db.pool.query<{ actor: string; action: string; change: string }>(
      `SELECT actor, action, details->>'change' AS change FROM audit_logs WHERE action = 'source.configure' ORDER BY id`,
    );
    expect(audit.rows).toEqual([
      { actor: "system", action: "source.configure", change: "created" },
      { actor: "system", action: "source.configure", change: "created" },
      { actor: "system", action: "source.configure", change: "updated" },
    ]);
  });

  it("changes nothing when one name belongs to a source of another kind", async () => {
    await db.pool.query(`INSERT INTO sources (kind, name, updated_at) VALUES ('UPLOAD', 'uploads', now())`);
    const config = parseSourcesConfig(
      JSON.stringify([
        { name: "fresh", region: "us-west-2" },
        { name: "uploads", region: "us-west-2" },
      ]),
      "sources.json",
    );
    await expect(applySourcesConfig(db.pool, config)).rejects.toThrow(
      "sources.json: the name 'uploads' belongs to a upload source, not an AWS one",
    );
    const { rows } = await db.pool.query(`SELECT 1 FROM sources WHERE name = 'fresh'`);
    expect(rows).toHaveLength(0);
  });
});
