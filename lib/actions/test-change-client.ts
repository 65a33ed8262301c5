import { z } from "zod";
import { testChangeAnswerSchema, type TestChangeAnswer, type TestChangeRequest } from "./test-change-request";

const errorAnswerSchema = z.object({
  error: z.object({
    message: z.string(),
    details: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .catch(undefined),
  }),
});

/** What "Test a change" answered: the results, or why it was refused (422 details name `/definition/…` or `/selection/q`). */
export type TestChangeOutcome =
  | ({ readonly type: "tested" } & TestChangeAnswer)
  | {
      readonly type: "refused";
      readonly message: string;
      readonly errors: readonly { readonly path: string; readonly message: string }[];
    };

/** `POST /api/state-machines/:arn/test`. */
export async function postTestChange(stateMachineArn: string, body: TestChangeRequest): Promise<TestChangeOutcome> {
  const res = await fetch(`/api/state-machines/${encodeURIComponent(stateMachineArn)}/test`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const json: unknown = await res.json().catch(() => null);
  const tested = testChangeAnswerSchema.safeParse(json);
  if (res.ok && tested.success) return { type: "tested", ...tested.data };
  const refused = errorAnswerSchema.safeParse(json);
  if (!refused.success) return { type: "refused", message: `the test failed (HTTP ${res.status})`, errors: [] };
  return { type: "refused", message: refused.data.error.message, errors: refused.data.error.details ?? [] };
}
