/**
 * A query expression that cannot be read, with the column (1-based, in characters) where
 * reading stopped; the message starts with that column so every surface shows it.
 */
export class QuerySyntaxError extends Error {
  readonly column: number;
  readonly detail: string;
  constructor(column: number, detail: string) {
    super(`column ${column}: ${detail}`);
    this.name = "QuerySyntaxError";
    this.column = column;
    this.detail = detail;
  }
}
