/**
 * Why a sign-in through the provider ended on the sign-in page, as `?error=<code>`. The
 * page shows only these fixed sentences, never text from the URL: anyone can send a
 * link to the real sign-in page, and its words would be believed. The detail of each
 * failure goes to Pilot's access log.
 */
export const SIGNIN_ERRORS = {
  "sso-state": "Single sign-on failed: this sign-in was not started here, in this browser, or it took too long. Start again.",
  "sso-refused":
    "Single sign-on refused: your account at the sign-on provider is not allowed into Pilot (its e-mail is not verified, or its domain or groups are not among those allowed). Ask an administrator.",
  "sso-disabled": "This account is disabled.",
  "sso-failed": "Single sign-on failed. Try again; if it keeps failing, an administrator finds the reason in Pilot's access log.",
  "sso-unreachable": "The sign-on provider could not be reached. Try again later.",
} as const;

export type SignInError = keyof typeof SIGNIN_ERRORS;

function isSignInError(code: unknown): code is SignInError {
  return typeof code === "string" && Object.hasOwn(SIGNIN_ERRORS, code);
}

/** The sentence for a code from the URL; null for anything else. */
export function signInErrorMessage(code: unknown): string | null {
  return isSignInError(code) ? SIGNIN_ERRORS[code] : null;
}
