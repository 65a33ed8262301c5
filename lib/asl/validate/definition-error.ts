/** One fault in a definition: `path` is a JSON Pointer into it (`/States/Charge/Retry/0/BackoffRate`). */
export interface DefinitionError {
  readonly path: string;
  readonly message: string;
}

/** A JSON Pointer (RFC 6901) to `segments`. */
export const pointer = (segments: readonly (string | number)[]): string =>
  segments.length === 0 ? "" : `/${segments.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
