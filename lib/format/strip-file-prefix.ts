/**
 * A message about `file` without the file's name in front: the server names the file in its
 * refusals and warnings (`history.json: events[3].type: …`) for the CLI and the API, and the
 * import report already shows the name once beside each message.
 */
export function stripFilePrefix(message: string, file: string): string {
  const prefix = `${file}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
