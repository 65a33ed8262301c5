import { AppError } from "@/lib/errors/app-error";
import { compileQuery, type CompiledQuery } from "./compile-query";
import { parseListQuery } from "./parse-list-query";
import { QuerySyntaxError } from "./query-syntax-error";

/** The list's `q` as SQL; a wrong expression is a 422 naming its column (`q: column 12: …`). */
export function compileListQuery(
  q: string,
  now: Date,
  opts: { readonly smallRanges?: ReadonlySet<string> } = {},
): CompiledQuery {
  try {
    return compileQuery(parseListQuery(q), now, opts);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    throw new AppError({
      code: "unprocessable_entity",
      message: `q: ${error.message}`,
      details: { field: "q", column: error.column },
    });
  }
}
