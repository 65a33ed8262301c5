/** A payload string pretty-printed with two-space indents when it parses as JSON; the raw text otherwise. */
export function prettyPayload(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
