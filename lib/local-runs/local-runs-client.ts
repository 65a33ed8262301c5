import { z } from "zod";

const pathErrorSchema = z.object({ path: z.string(), message: z.string() });
export type PathError = z.infer<typeof pathErrorSchema>;

const validationSchema = z.object({ ok: z.boolean(), errors: z.array(pathErrorSchema) });
const runAnswerSchema = z.object({ executionArn: z.string() });
const errorAnswerSchema = z.object({
  error: z.object({ message: z.string(), details: z.array(pathErrorSchema).optional().catch(undefined) }),
});

export type RunOutcome =
  | { readonly type: "ran"; readonly executionArn: string }
  | { readonly type: "refused"; readonly message: string; readonly errors: readonly PathError[] };

async function post(url: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

/** Asks the server to validate a definition; the faults with their JSON Pointer paths. */
export async function validateLocalDefinition(definition: string, signal?: AbortSignal): Promise<PathError[]> {
  const { json } = await post("/api/local-runs/validate", { definition }, signal);
  const parsed = validationSchema.safeParse(json);
  return parsed.success ? parsed.data.errors : [{ path: "/", message: "validation did not answer" }];
}

/** Starts a local run; its execution ARN, or why it was refused (422 details name paths). */
export async function postLocalRun(body: {
  definition: string;
  input: string;
  stateMachineName: string;
  mockConfig?: string;
  testCase?: string;
}): Promise<RunOutcome> {
  const { status, json } = await post("/api/local-runs", body);
  const ran = runAnswerSchema.safeParse(json);
  if (status < 300 && ran.success) return { type: "ran", executionArn: ran.data.executionArn };
  const refused = errorAnswerSchema.safeParse(json);
  if (!refused.success) return { type: "refused", message: `the run failed (${status})`, errors: [] };
  return { type: "refused", message: refused.data.error.message, errors: refused.data.error.details ?? [] };
}
