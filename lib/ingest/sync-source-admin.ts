import { z } from "zod";
import { checkSourceEndpoint, readSourceEndpointAllowList } from "./source-endpoint";
import { syncSourceSettingsSchema } from "./sync-source-settings";

/** The fields of a new AWS source, before the endpoint check ({@link newAwsSourceSchema}). */
export const awsSourceFieldsSchema = z.object({
  name: z.string().trim().min(1).max(100),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region such as us-east-1"),
  accountId: z
    .string()
    .regex(/^\d{12}$/, "expected a 12-digit account id")
    .optional(),
  endpoint: z.url().optional(),
  settings: syncSourceSettingsSchema,
});

/** Adds an issue at `endpoint` when the source's endpoint is not allowed (lib/ingest/source-endpoint.ts). */
export function refineSourceEndpoint(
  source: { region: string; endpoint?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (source.endpoint === undefined) return;
  const fault = checkSourceEndpoint(source.endpoint, source.region, readSourceEndpointAllowList());
  if (fault) ctx.addIssue({ code: "custom", path: ["endpoint"], message: fault });
}

/**
 * A new AWS source as the Sources page submits it. No credentials: they come from the chain.
 * The endpoint must be one of the region's AWS endpoints, loopback, or allowed by
 * `STEPSCOPE_SOURCE_ENDPOINT_ALLOW`.
 */
export const newAwsSourceSchema = awsSourceFieldsSchema.superRefine(refineSourceEndpoint);
export type NewAwsSource = z.infer<typeof newAwsSourceSchema>;

/**
 * What an AWS source's edit may change: account, endpoint and settings. The name and
 * region are its identity (another region is another source); `null` clears a field.
 */
export const awsSourceEditSchema = z.object({
  accountId: z
    .string()
    .regex(/^\d{12}$/, "expected a 12-digit account id")
    .nullable()
    .optional(),
  endpoint: z.url().nullable().optional(),
  settings: syncSourceSettingsSchema,
});
export type AwsSourceEdit = z.infer<typeof awsSourceEditSchema>;

/**
 * Refuses an edit whose new endpoint is not allowed for the source's region (the region is
 * its identity and never changes, so the stored one is checked against).
 */
export function assertEditableEndpoint(edit: AwsSourceEdit, region: string | null): void {
  if (typeof edit.endpoint !== "string") return;
  const fault = checkSourceEndpoint(edit.endpoint, region, readSourceEndpointAllowList());
  if (fault) throw new z.ZodError([{ code: "custom", path: ["endpoint"], message: fault, input: edit.endpoint }]);
}
