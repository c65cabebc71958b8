/**
 * The API's roles and who may do what (docs/api.md, Authentication): part of the wire contract,
 * since tokens (API_TOKENS, JWT claims) carry a role and the OpenAPI document names each
 * operation's least role. Configuration validates tokens against it and the auth guard enforces it.
 */
/**
 * Roles, weakest first. Each role may do everything the roles before it may (a total order keeps
 * the check one comparison and the matrix in docs/api.md readable):
 *
 * - viewer:    read switches, operations and the event stream
 * - launcher:  + reserve and release circuits for its own tenant's jobs (reservations)
 * - scheduler: + create and replace topology intents
 * - operator:  + cross-connect mutations, drains, repairs, freeze, cancel; read the audit log
 * - admin:     + anything not annotated with a role (mutations are deny-by-default, see auth.guard)
 */
export const ROLES = ['viewer', 'launcher', 'scheduler', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `have` is `need` or stronger. */
export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The least role a route needs: its declared @Roles, else viewer to read and admin to change
 * anything (deny by default). The auth guard enforces it; the OpenAPI document shows it.
 */
export function leastRole(declared: Role | undefined, method: string): Role {
  return declared ?? (SAFE_METHODS.has(method.toUpperCase()) ? 'viewer' : 'admin');
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The OpenAPI extension naming each /v1 operation's least role. */
export const REQUIRED_ROLE_EXTENSION = 'x-required-role';
