/**
 * Why a bearer token was refused. Typed so the guard maps kinds to one HTTP answer and tests check
 * the kind, not the wording; each message says what to do.
 */
export type AuthFailure = 'missing' | 'invalid' | 'expired';

export class AuthenticationError extends Error {
  constructor(
    readonly kind: AuthFailure,
    message: string,
  ) {
    super(`orchestrator/auth: ${message}`);
    this.name = 'AuthenticationError';
  }
}
