import type { Role } from '@lightpath/contracts';

/**
 * Who is calling, once authenticated. `name` is what the audit log records as `who` (a static
 * token's configured name, a JWT's `sub`); `tenant` scopes what a launcher may see and release.
 */
export interface Principal {
  name: string;
  role: Role;
  tenant: string;
  via: 'api-token' | 'jwt';
  /** When the credential stops being valid (a JWT's `exp`, epoch ms); long-lived streams end then. */
  expiresAt?: number;
}

/** The request property the auth guard sets; read it with the @Principal() decorator. */
export const PRINCIPAL_PROPERTY = 'principal';
export type RequestWithPrincipal = { [PRINCIPAL_PROPERTY]?: Principal };
