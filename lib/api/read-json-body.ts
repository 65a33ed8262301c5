import { AppError } from "@/lib/errors/app-error";
import { readLimitedBody } from "./read-limited-body";

/**
 * A request's JSON body, read with a size limit (lib/api/body-limits.ts; 413 past it); a 400
 * when it is not JSON. With `optional`, an empty body reads as `{}`.
 */
export async function readJsonBody(
  req: Request,
  maxBytes: number,
  options: { optional?: boolean } = {},
): Promise<unknown> {
  const text = (await readLimitedBody(req, maxBytes, "JSON request bodies")).toString("utf8");
  if (options.optional && text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError({ code: "bad_request", message: "the request body is not JSON" });
  }
}
