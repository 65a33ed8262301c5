/**
 * One CSV record as RFC 4180 writes it: fields separated by commas, a field holding a comma, a
 * double quote, CR or LF enclosed in double quotes with its quotes doubled, the record ended by
 * CRLF. `null` is an empty field; numbers and booleans are written as they are.
 *
 * A text a spreadsheet would read as a formula (its first character `=`, `+`, `-`, `@`, TAB or
 * CR) is neutralised as OWASP's "CSV Injection" page advises: a single quote before it, the
 * field enclosed in double quotes. A text that is a plain number (`-12.5`) is no formula and is
 * kept as it is, so numbers stay numbers. Fields holding `;` or TAB are enclosed too: a
 * spreadsheet set to split on them would otherwise start a new cell (and a formula) inside one.
 */
export function toCsvLine(fields: readonly (string | number | boolean | null)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** The text of one field, neutralised and quoted as {@link toCsvLine} describes. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return text !== value || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
