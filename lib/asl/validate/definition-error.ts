/** AWS's diagnostic codes (ValidateStateMachineDefinitionDiagnostic) that this validator gives. */
export type DiagnosticCode =
  | "SCHEMA_VALIDATION_FAILED"
  | "INVALID_JSON_DESCRIPTION"
  | "MISSING_TRANSITION_TARGET"
  | "MISSING_END_STATE"
  | "INVALID_RESOURCE";

/**
 * One fault in a definition: `path` is a JSON Pointer into it (`/States/Charge/Retry/0/BackoffRate`;
 * AWS writes array indices as `Retry[0]`), `message` AWS's wording where AWS's is known, and
 * `code` AWS's diagnostic code (absent means SCHEMA_VALIDATION_FAILED).
 */
export interface DefinitionError {
  readonly path: string;
  readonly message: string;
  readonly code?: DiagnosticCode;
}

/** A JSON Pointer (RFC 6901) to `segments`. */
export const pointer = (segments: readonly (string | number)[]): string =>
  segments.length === 0 ? "" : `/${segments.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

/** How AWS prints a fault inside `InvalidDefinition`: `SCHEMA_VALIDATION_FAILED: <message> at <path>`. */
export const formatDefinitionError = (error: DefinitionError): string =>
  `${error.code ?? "SCHEMA_VALIDATION_FAILED"}: ${error.message} at ${error.path === "" ? "/" : error.path}`;
