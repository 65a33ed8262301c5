import { z } from "zod";
import { syncSourceSettingsSchema } from "./sync-source-settings";

/** A new AWS source as the Sources page submits it. No credentials: they come from the chain. */
export const newAwsSourceSchema = z.object({
  name: z.string().trim().min(1).max(100),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region such as us-east-1"),
  accountId: z.string().regex(/^\d{12}$/, "expected a 12-digit account id").optional(),
  endpoint: z.url().optional(),
  settings: syncSourceSettingsSchema,
});
export type NewAwsSource = z.infer<typeof newAwsSourceSchema>;

/**
 * What an AWS source's edit may change: account, endpoint and settings. The name and
 * region are its identity (another region is another source); `null` clears a field.
 */
export const awsSourceEditSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/, "expected a 12-digit account id").nullable().optional(),
  endpoint: z.url().nullable().optional(),
  settings: syncSourceSettingsSchema,
});
export type AwsSourceEdit = z.infer<typeof awsSourceEditSchema>;
