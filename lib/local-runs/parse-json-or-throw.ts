import { AppError } from "@/lib/errors/app-error";

/** JSON.parse for a named field of a request; a 422 naming the field when it is not JSON. */
export function parseJsonOrThrow(text: string, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = `${field} is not JSON: ${err instanceof Error ? err.message : String(err)}`;
    throw new AppError({ code: "unprocessable_entity", message, details: [{ path: `/${field}`, message }] });
  }
}
