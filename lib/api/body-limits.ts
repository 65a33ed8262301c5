const kib = 1024;
const mib = 1024 * kib;

/**
 * The most a JSON request body may hold, by kind of route. Bodies are read as a stream and
 * refused with 413 once past the limit (lib/api/read-limited-body.ts); imports use
 * `STEPSCOPE_MAX_UPLOAD_MB` instead.
 */
export const bodyLimits = {
  /**
   * Sign-in, setup, users, sources, stop and bulk actions: a form's worth of JSON. Even the
   * largest field, a bulk action's filter expression, is far below it.
   */
  form: 64 * kib,
  /**
   * Interpreter requests (local runs, validation, local replay and redrive): a definition
   * (AWS's limit: 1 MB) and an input (AWS's limit: 256 KB) sent as JSON strings, whose
   * escaping can grow them, plus a mock config.
   */
  interpreter: 4 * mib,
} as const;
