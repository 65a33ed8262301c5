import { isJsonObject, type Json } from "./types";

/**
 * The faults AWS finds in an integration's parameters before it starts the Task (the
 * execution then fails with `States.Runtime`: "The Parameters '<json>' could not be used to
 * start the Task: [<fault>]"). Checked: `apigateway:invoke` `Headers`, a map of header names
 * to lists of strings. Returns the fault, or null.
 */
export function serviceParametersFault(resourceType: string, resource: string, payload: Json): string | null {
  const action = resource.split(".")[0] ?? resource;
  if (resourceType === "apigateway" && action === "invoke" && isJsonObject(payload)) {
    const headers = payload["Headers"];
    if (
      headers !== undefined &&
      !(
        isJsonObject(headers) &&
        Object.values(headers).every((v) => Array.isArray(v) && v.every((x) => typeof x === "string"))
      )
    ) {
      return "The value of the field 'Headers' has an invalid format";
    }
  }
  return null;
}
