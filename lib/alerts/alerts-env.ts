import { readAlertsDocument } from "./alerts-config";
import type { AlertRunOptions } from "./run-alert-evaluation";
import { createSecretResolver } from "./resolve-secret";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The alert settings of the environment: `STEPSCOPE_PUBLIC_URL` (links; default
 * `http://localhost:$PORT`), `STEPSCOPE_SMTP_URL` and `STEPSCOPE_SMTP_FROM` (e-mail), secrets
 * from the environment and the rules file.
 */
export function alertRunOptionsFromEnv(env: Env = process.env): AlertRunOptions {
  const smtpUrl = env["STEPSCOPE_SMTP_URL"];
  return {
    publicUrl: env["STEPSCOPE_PUBLIC_URL"] || `http://localhost:${env["PORT"] || "3000"}`,
    smtp: smtpUrl ? { url: smtpUrl, from: env["STEPSCOPE_SMTP_FROM"] || "Stepscope <stepscope@localhost>" } : null,
    resolveSecret: createSecretResolver(env, () => readAlertsDocument(env)),
  };
}
