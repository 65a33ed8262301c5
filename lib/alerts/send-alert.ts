import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import type { StoredTarget } from "@/lib/store/alert-rule-schema";
import { alertMessageLines, type AlertMessage } from "./format-alert-message";
import type { SecretResolver } from "./resolve-secret";
import { slackPayload } from "./slack-blocks";

/** How e-mail leaves: an SMTP URL (`smtp://user:pass@host:587`, `smtps://…`) and the From address. */
export interface SmtpSettings {
  readonly url: string;
  readonly from: string;
}

/** Settings of {@link sendAlert}. */
export interface SendAlertOptions {
  readonly resolveSecret: SecretResolver;
  readonly smtp: SmtpSettings | null;
  /** Per request, ms; default 10,000. */
  readonly timeoutMs?: number;
}

/** A send that failed; `retryable` false when trying again cannot help (a 4xx answer, a missing setting). */
export class SendAlertError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "SendAlertError";
  }
}

/** `sha256=<hex>`: the HMAC-SHA256 of the body with the webhook's secret (header `X-Stepscope-Signature`). */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new SendAlertError(`no answer from ${new URL(url).host}: ${cause ?? (error as Error).message}`, true);
  }
  await response.body?.cancel();
  if (response.ok) return;
  // 408 and 429 say "later"; other 4xx say the request itself is wrong.
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  throw new SendAlertError(`${new URL(url).host} answered HTTP ${response.status}`, retryable);
}

const secretOf = (resolve: SecretResolver, reference: Parameters<SecretResolver>[0]): string => {
  try {
    return resolve(reference);
  } catch (error) {
    throw new SendAlertError((error as Error).message, false);
  }
};

/** Sends `message` to one target (delivery `deliveryId`). @throws {SendAlertError} */
export async function sendAlert(
  target: StoredTarget,
  message: AlertMessage,
  deliveryId: string,
  options: SendAlertOptions,
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  switch (target.channel) {
    case "slack":
      return post(secretOf(options.resolveSecret, target.url), JSON.stringify(slackPayload(message)), {}, timeoutMs);
    case "webhook": {
      const body = JSON.stringify(message);
      const headers: Record<string, string> = {
        "x-stepscope-delivery": deliveryId,
        "x-stepscope-event": message.kind,
      };
      if (target.secret)
        headers["x-stepscope-signature"] = signWebhookBody(secretOf(options.resolveSecret, target.secret), body);
      return post(secretOf(options.resolveSecret, target.url), body, headers, timeoutMs);
    }
    case "email": {
      if (!options.smtp) throw new SendAlertError("no SMTP server is configured (STEPSCOPE_SMTP_URL)", false);
      const transport = nodemailer.createTransport(options.smtp.url);
      try {
        await transport.sendMail({
          from: options.smtp.from,
          to: target.to,
          subject: message.title,
          text: alertMessageLines(message).join("\n"),
          headers: { "X-Stepscope-Delivery": deliveryId },
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx SMTP replies are permanent (RFC 5321 §4.2.1); connection failures and 4xx are not.
        throw new SendAlertError(`SMTP: ${(error as Error).message}`, code === undefined || code < 500);
      } finally {
        transport.close();
      }
      return;
    }
    default: {
      const unreachable: never = target;
      throw new SendAlertError(`unknown channel in ${JSON.stringify(unreachable)}`, false);
    }
  }
}

/** What the page and the audit show of a target: the address, or the name of the secret's reference. */
export function targetLabel(target: StoredTarget): string {
  switch (target.channel) {
    case "email":
      return `email ${target.to}`;
    case "slack":
    case "webhook":
      return `${target.channel} ${"env" in target.url ? `$${target.url.env}` : `rules file ${target.url.file}`}`;
    default: {
      const unreachable: never = target;
      return String(unreachable);
    }
  }
}
