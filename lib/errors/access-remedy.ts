// Pure text, so the Sources page can say it without importing the AWS layer.

/** Access errors that mean the credentials themselves are missing, wrong or expired (not a missing permission). */
const credentialNames = new Set([
  "CredentialsProviderError",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "MissingAuthenticationTokenException",
  "ExpiredTokenException",
]);

/**
 * What the operator should do about a refused call, in a sentence: fix the credentials when
 * AWS did not accept (or the chain found) any, else grant the IAM `action` that was refused.
 */
export function accessRemedy(code: string, action: string | null): string {
  if (credentialNames.has(code)) {
    const what =
      code === "ExpiredTokenException" ? "expired" : code === "CredentialsProviderError" ? "not found" : "not accepted";
    return (
      `the credentials were ${what}${action ? ` (calling ${action})` : ""}: give the server valid ones through the standard AWS chain ` +
      "(environment variables, AWS_PROFILE or the source's profile, SSO, an instance or container role) or a role to assume, then sync again"
    );
  }
  return action
    ? `grant ${action} to the role or user this source runs as, then sync again`
    : "check the source's credentials and permissions, then sync again";
}
