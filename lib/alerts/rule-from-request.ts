import { AppError } from "@/lib/errors/app-error";
import { AlertRuleNameTakenError, AlertRuleProvisionedError } from "@/lib/store/alert-rule-rows";
import type { AlertRuleFields } from "@/lib/store/alert-rule-schema";
import { AlertsConfigError, parseAlertRuleInput } from "./alerts-config";

/** A rule posted by the Alerts page (the rules file's entry format, secrets as `{"env"}` only). @throws {AppError} 422 */
export function ruleFromRequest(body: unknown): AlertRuleFields {
  try {
    return parseAlertRuleInput(body, "", "rule", { literalSecrets: false });
  } catch (error) {
    if (error instanceof AlertsConfigError)
      throw new AppError({
        code: "unprocessable_entity",
        message: error.message,
        // The pointer lets the page put the message beside the field at fault.
        ...(error.pointer === undefined ? {} : { details: [{ path: error.pointer, message: error.problem }] }),
      });
    throw error;
  }
}

/** Runs a rule write, turning a taken name or a rule of the rules file into a 409. */
export async function withRuleNameCheck<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof AlertRuleNameTakenError || error instanceof AlertRuleProvisionedError)
      throw new AppError({ code: "conflict", message: error.message });
    throw error;
  }
}
