import { readFileSync } from "node:fs";
import type pg from "pg";
import { z } from "zod";
import { recordAudit } from "@/lib/store/record-audit";
import { withTransaction } from "@/lib/db/in-transaction";
import { upsertConfiguredAwsSource } from "@/lib/store/upsert-configured-aws-source";
import { systemActor } from "@/lib/auth/actor";
import { findJsonSyntaxError } from "@/lib/history/find-json-syntax-error";
import { awsSourceFieldsSchema, refineSourceEndpoint, type NewAwsSource } from "./sync-source-admin";
import { syncSourceSettingsSchema } from "./sync-source-settings";

/**
 * AWS sources declared outside the Sources page, for deployments kept as code:
 * `STEPSCOPE_SOURCES_FILE=<path>` (a JSON file) or `STEPSCOPE_SOURCES='<json>'`, either
 * `{"sources": [...]}` or the bare array, each entry as the Sources page takes it
 * (`name`, `region`, optional `accountId`, `endpoint`, `settings`). No credentials: they
 * come from the standard chain (`settings.profile`, `settings.roleArn`).
 */
export interface SourcesConfig {
  /** Where it was read: the file's path, or `STEPSCOPE_SOURCES`. */
  readonly origin: string;
  readonly sources: readonly NewAwsSource[];
}

/** A sources config that cannot be used; the message names the origin and the line or JSON Pointer at fault. */
export class SourcesConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SourcesConfigError";
  }
}

/** An entry: as the Sources page takes it, `settings` optional, nothing else allowed. */
const configEntrySchema = awsSourceFieldsSchema
  .extend({ settings: syncSourceSettingsSchema.prefault({}) })
  .strict()
  .superRefine(refineSourceEndpoint);

type Env = Readonly<Record<string, string | undefined>>;

const sourcesDocumentSchema = z.union([z.object({ sources: z.array(z.unknown()) }).strict(), z.array(z.unknown())]);

const CREDENTIAL_MEMBER = /^(aws_?)?(access_?key(_?id)?|secret(_?access_?key)?|session_?token|password|credentials?)$/i;

/** The JSON Pointer of the first member that looks like a credential, or null. */
function findCredentialMember(value: unknown, pointer: string): string | null {
  if (typeof value !== "object" || value === null) return null;
  for (const [key, member] of Object.entries(value)) {
    if (CREDENTIAL_MEMBER.test(key)) return `${pointer}/${key}`;
    const inner = findCredentialMember(member, `${pointer}/${key}`);
    if (inner !== null) return inner;
  }
  return null;
}

/** Parses a sources config's text. @throws {SourcesConfigError} naming `origin` and the line, column or JSON Pointer. */
export function parseSourcesConfig(text: string, origin: string): SourcesConfig {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    const fault = findJsonSyntaxError(text);
    throw new SourcesConfigError(
      `${origin}: line ${fault?.line ?? 1}, column ${fault?.column ?? 1}: not valid JSON: ${fault?.problem ?? "syntax error"}`,
    );
  }
  const shape = sourcesDocumentSchema.safeParse(document);
  if (!shape.success) throw new SourcesConfigError(`${origin}: expected {"sources": [...]} or an array of sources`);
  const [entries, base] = Array.isArray(shape.data) ? [shape.data, ""] : [shape.data.sources, "/sources"];
  const sources: NewAwsSource[] = [];
  const names = new Map<string, number>();
  entries.forEach((entry, index) => {
    const secret = findCredentialMember(entry, `${base}/${index}`);
    if (secret !== null) {
      throw new SourcesConfigError(
        `${origin}: ${secret}: credentials do not belong in the config; they come from the standard AWS chain (environment, settings.profile, settings.roleArn, instance or container role)`,
      );
    }
    const parsed = configEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const pointer = [base, String(index), ...(issue?.path.map(String) ?? [])].join("/");
      throw new SourcesConfigError(`${origin}: ${pointer}: ${issue?.message ?? "invalid source"}`);
    }
    const earlier = names.get(parsed.data.name);
    if (earlier !== undefined) {
      throw new SourcesConfigError(
        `${origin}: ${base}/${index}/name: '${parsed.data.name}' is already the name of ${base}/${earlier}`,
      );
    }
    names.set(parsed.data.name, index);
    sources.push(parsed.data);
  });
  return { origin, sources };
}

/** The sources config named by the environment, or null when none is. @throws {SourcesConfigError} */
export function readSourcesConfig(env: Env = process.env): SourcesConfig | null {
  const inline = env["STEPSCOPE_SOURCES"];
  const file = env["STEPSCOPE_SOURCES_FILE"];
  if (inline && file) throw new SourcesConfigError("set STEPSCOPE_SOURCES or STEPSCOPE_SOURCES_FILE, not both");
  if (inline) return parseSourcesConfig(inline, "STEPSCOPE_SOURCES");
  if (!file) return null;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SourcesConfigError(
      `STEPSCOPE_SOURCES_FILE: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseSourcesConfig(text, file);
}

/** What {@link applySourcesConfig} did, by source name. */
export interface AppliedSourcesConfig {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
}

/**
 * Makes the stored AWS sources match the config: a new name is added, a stored AWS source
 * of the same name takes the config's region, account, endpoint and settings (its data,
 * cursor and sync state stay). Sources not in the config are left as they are (removing
 * one deletes its executions: that stays a deliberate act on the Sources page). All in one
 * transaction with an audit row per change (`source.configure`, by `system`): a config
 * that names a non-AWS source (an import or the demo) changes nothing.
 * @throws {SourcesConfigError} when a name belongs to a source of another kind.
 */
export async function applySourcesConfig(
  pool: Pick<pg.Pool, "connect">,
  config: SourcesConfig,
): Promise<AppliedSourcesConfig> {
  const applied: AppliedSourcesConfig = { created: [], updated: [], unchanged: [] };
  await withTransaction(pool, async (client) => {
    for (const source of config.sources) {
      const stored = await upsertConfiguredAwsSource(client, source);
      if (stored.outcome === "other-kind") {
        throw new SourcesConfigError(
          `${config.origin}: the name '${source.name}' belongs to a ${stored.kind.toLowerCase()} source, not an AWS one; rename the entry`,
        );
      }
      if (stored.outcome === "unchanged") {
        applied.unchanged.push(source.name);
        continue;
      }
      const id = stored.id;
      (stored.outcome === "updated" ? applied.updated : applied.created).push(source.name);
      await recordAudit(client, systemActor, {
        action: "source.configure",
        targetType: "source",
        targetId: String(id),
        details: { origin: config.origin, change: stored.outcome, source },
        outcome: "OK",
      });
    }
  });
  return applied;
}

/** Reads the environment's sources config and applies it; a line for the log, or null when there is none. */
export async function applySourcesConfigFromEnv(
  pool: Pick<pg.Pool, "connect">,
  env: Env = process.env,
): Promise<string | null> {
  const config = readSourcesConfig(env);
  if (config === null) return null;
  const applied = await applySourcesConfig(pool, config);
  const part = (label: string, names: string[]): string | null =>
    names.length > 0 ? `${label} ${names.join(", ")}` : null;
  const parts = [
    part("added", applied.created),
    part("updated", applied.updated),
    part("unchanged", applied.unchanged),
  ].filter((p) => p !== null);
  return `sources from ${config.origin}: ${parts.length > 0 ? parts.join("; ") : "none declared"}`;
}
