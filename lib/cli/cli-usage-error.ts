/** Wrong arguments: the CLI prints the message and its usage, and exits 2. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}
