import type { Principal } from './principal';
import { roleAtLeast } from './role.constants';

/**
 * Tenancy in one rule, for every tenant-scoped resource (reservations, their events): a caller
 * sees and changes its own tenant's; operators and admins run the whole fabric and see all.
 */
export function mayAccessTenant(who: Principal, tenant: string): boolean {
  return who.tenant === tenant || roleAtLeast(who.role, 'operator');
}
