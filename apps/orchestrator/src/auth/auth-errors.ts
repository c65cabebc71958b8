/**
 * Why a bearer token was refused. Typed so the guard maps kinds to one HTTP answer and tests check
 * the kind, not the wording; each message says what to do.
 */
export type AuthFailure = 'missing' | 'invalid' | 'expired';

export class AuthenticationError extends Error {
  /** `reason` is what the API answers; the message adds the module for logs (house rule 2). */
  constructor(
    readonly kind: AuthFailure,
    readonly reason: string,
  ) {
    super(`orchestrator/auth: ${reason}`);
    this.name = 'AuthenticationError';
  }
}
