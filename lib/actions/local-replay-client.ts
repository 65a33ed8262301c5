import { z } from "zod";

const pathErrorSchema = z.object({ path: z.string(), message: z.string() });
export type ReplayPathError = z.infer<typeof pathErrorSchema>;

const replayedSchema = z.object({
  executionArn: z.string(),
  replayOf: z.string(),
  status: z.string(),
  unresolvedTasks: z.array(z.string()),
});
const errorAnswerSchema = z.object({
  error: z.object({ message: z.string(), details: z.array(pathErrorSchema).optional().catch(undefined) }),
});

export type LocalReplayOutcome =
  | ({ readonly type: "replayed" } & z.infer<typeof replayedSchema>)
  | { readonly type: "refused"; readonly message: string; readonly errors: readonly ReplayPathError[] };

/**
 * `POST /api/executions/:arn/replay` with `mode: "local"`: the new execution, or why it was
 * refused (422 details name `/input` or `/definition/…`). Leave `input`/`definition` out to
 * replay with the recorded ones.
 */
export async function postLocalReplay(
  executionArn: string,
  body: { input?: string; definition?: string },
): Promise<LocalReplayOutcome> {
  const res = await fetch(`/api/executions/${encodeURIComponent(executionArn)}/replay`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ mode: "local", ...body }),
  });
  const json: unknown = await res.json().catch(() => null);
  const replayed = replayedSchema.safeParse(json);
  if (res.ok && replayed.success) return { type: "replayed", ...replayed.data };
  const refused = errorAnswerSchema.safeParse(json);
  if (!refused.success) return { type: "refused", message: `the replay failed (HTTP ${res.status})`, errors: [] };
  return { type: "refused", message: refused.data.error.message, errors: refused.data.error.details ?? [] };
}

/** The execution page's Compare tab of a replay beside the execution it replays. */
export function replayCompareHref(replayArn: string, originalArn: string): string {
  return `/executions/${encodeURIComponent(replayArn)}?tab=compare&with=${encodeURIComponent(originalArn)}`;
}

/** An input text's fault as a path error (`/input`), or null when it is JSON. */
export function checkReplayInput(text: string): ReplayPathError | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    return { path: "/input", message: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const redrivenSchema = z.object({
  executionArn: z.string(),
  status: z.string(),
  redriveCount: z.number(),
  error: z.string().nullable(),
  cause: z.string().nullable(),
});

export type LocalRedriveOutcome =
  | ({ readonly type: "redriven" } & z.infer<typeof redrivenSchema>)
  | { readonly type: "refused"; readonly message: string; readonly errors: readonly ReplayPathError[] };

/** `POST /api/executions/:arn/redrive` of a local execution, optionally with a MockConfigFile test case answering its Tasks. */
export async function postLocalRedrive(
  executionArn: string,
  body: { mockConfig?: string; testCase?: string },
): Promise<LocalRedriveOutcome> {
  const res = await fetch(`/api/executions/${encodeURIComponent(executionArn)}/redrive`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const json: unknown = await res.json().catch(() => null);
  const redriven = redrivenSchema.safeParse(json);
  if (res.ok && redriven.success) return { type: "redriven", ...redriven.data };
  const refused = errorAnswerSchema.safeParse(json);
  if (!refused.success) return { type: "refused", message: `the redrive failed (HTTP ${res.status})`, errors: [] };
  return { type: "refused", message: refused.data.error.message, errors: refused.data.error.details ?? [] };
}
