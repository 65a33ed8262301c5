import type { AlertMessage } from "./format-alert-message";

/** A Slack Block Kit block (the members this module writes). */
export type SlackBlock = Record<string, unknown>;

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The Slack incoming-webhook payload of a message: a header (what), fields (where, how
 * many, first and last seen, the root-cause state and error), the cause, and buttons to the
 * execution, the failure group and the incident. `text` is the notification's fallback.
 */
export function slackPayload(message: AlertMessage): { text: string; blocks: SlackBlock[] } {
  const f = message.facts;
  const fields: [string, string | number | null | undefined][] = [
    ["Where", f.where],
    ["How many", f.count],
    ["First seen", f.firstSeen],
    ["Last seen", f.lastSeen],
    ["Root-cause state", f.rootCauseState],
    ["Error", f.error],
  ];
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: truncate(message.title, 150) } },
    {
      type: "section",
      fields: fields
        .filter((field): field is [string, string | number] => field[1] !== null && field[1] !== undefined)
        .map(([label, value]) => ({ type: "mrkdwn", text: truncate(`*${label}*\n${value}`, 2000) })),
    },
  ];
  if (f.cause) blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(`*Cause*\n${f.cause}`, 3000) } });
  const buttons: [string, string | null][] = [
    ["Execution", message.links.execution],
    ["Failure group", message.links.failureGroup],
    ["Incident", message.links.incident],
  ];
  blocks.push({
    type: "actions",
    elements: buttons
      .filter((b): b is [string, string] => b[1] !== null)
      .map(([label, url]) => ({ type: "button", text: { type: "plain_text", text: label }, url })),
  });
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `Stepscope alert *${message.rule.name}* (${message.rule.condition})` }],
  });
  return { text: message.title, blocks };
}
