/**
 * One CSV record as RFC 4180 writes it: fields separated by commas, a field holding a comma, a
 * double quote, CR or LF enclosed in double quotes with its quotes doubled, the record ended by
 * CRLF. `null` is an empty field; numbers and booleans are written as text.
 */
export function toCsvLine(fields: readonly (string | number | boolean | null)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
