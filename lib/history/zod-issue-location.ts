import type { z } from "zod";
import { HistoryInputError } from "./history-input-error";
import type { InputLocation } from "./types";

/**
 * Turns the first issue of a failed zod parse into a {@link HistoryInputError} whose
 * `path` is the JSON Pointer of the offending field (RFC 6901 escaping), under `where.path`.
 */
export function zodInputError(error: z.ZodError, where: InputLocation): HistoryInputError {
  const issue = error.issues[0];
  const pointer = (issue?.path ?? [])
    .map((segment) => `/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`)
    .join("");
  return new HistoryInputError({ ...where, path: `${where.path ?? ""}${pointer}` }, issue?.message ?? "invalid input");
}
