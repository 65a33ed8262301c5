/** The execution page's path; the ARN is the key, so a link works on any Stepscope holding that execution. */
export function executionHref(executionArn: string): string {
  return `/executions/${encodeURIComponent(executionArn)}`;
}
