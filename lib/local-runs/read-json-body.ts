import { AppError } from "@/lib/api/errors";

/** A request's JSON body; a 400 when it is not JSON. */
export async function readJsonBody(req: Request): Promise<unknown> {
  try {
    return (await req.json()) as unknown;
  } catch {
    throw new AppError({ code: "bad_request", message: "the request body is not JSON" });
  }
}
