import { SfnError, validationError } from "./sfn-error";

/** A request body's members, read with AWS's refusals for missing or mistyped ones. */
export class RequestFields {
  constructor(private readonly body: Readonly<Record<string, unknown>>) {}

  /** A required string member (`ValidationException` when absent or not a string). */
  string(member: string, max = 1_048_576): string {
    const value = this.body[member];
    if (value === undefined || value === null) throw validationError(member, "Member must not be null");
    if (typeof value !== "string") throw new SfnError("SerializationException", `${member} must be a string`);
    if (value.length > max)
      throw validationError(member, `Member must have length less than or equal to ${max}`, value.slice(0, 40));
    return value;
  }

  optionalString(member: string, max = 1_048_576): string | undefined {
    return this.body[member] === undefined || this.body[member] === null ? undefined : this.string(member, max);
  }

  optionalBoolean(member: string): boolean | undefined {
    const value = this.body[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") throw new SfnError("SerializationException", `${member} must be a boolean`);
    return value;
  }

  /** `maxResults`: 0 or absent means the operation's default; at most `max`. */
  maxResults(fallback: number, max = 1000): number {
    const value = this.body["maxResults"];
    if (value === undefined || value === null || value === 0) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max)
      throw validationError(
        "maxResults",
        `Member must have value less than or equal to ${max} and greater than or equal to 0`,
        value,
      );
    return value;
  }

  optionalObject(member: string): Readonly<Record<string, unknown>> | undefined {
    const value = this.body[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value))
      throw new SfnError("SerializationException", `${member} must be an object`);
    return value as Record<string, unknown>;
  }
}
