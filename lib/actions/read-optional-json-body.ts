import { AppError } from "@/lib/api/errors";

/** A request's JSON body, `{}` when it has none; a 400 when it is there but not JSON. */
export async function readOptionalJsonBody(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError({ code: "bad_request", message: "the request body is not JSON" });
  }
}
