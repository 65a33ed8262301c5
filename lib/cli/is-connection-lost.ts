/** Node socket errors of a connection that went away or could not be made. */
const SOCKET_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/**
 * Postgres SQLSTATEs of a server that is shutting down, restarting or not accepting
 * connections yet (class 08 "connection exception", 57P01 `admin_shutdown`, 57P02
 * `crash_shutdown`, 57P03 `cannot_connect_now`).
 */
const SQLSTATES: ReadonlySet<string> = new Set([
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

/**
 * True when `error` says the database connection was lost or refused — worth retrying
 * once the server is back — rather than that a statement failed.
 */
export function isConnectionLost(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (SOCKET_CODES.has(code) || SQLSTATES.has(code))) return true;
  const message = error instanceof Error ? error.message : "";
  // node-postgres words these without a code.
  if (
    /Connection terminated|connection timeout|Client has encountered a connection error|terminating connection/i.test(
      message,
    )
  )
    return true;
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== error && isConnectionLost(cause)) return true;
  // An AggregateError (a refused connect to every address of localhost) carries the codes in `errors`.
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.some((e) => isConnectionLost(e));
}
