import { AppError } from "@/lib/errors/app-error";

/** Returns `value`, or throws a 404 saying what was not found. */
export function orNotFound<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new AppError({ code: "not_found", message: `${what} not found` });
  return value;
}
