import type { ListScope } from '@lightpath/state';
import type { Principal } from './principal';
import { roleAtLeast } from '@lightpath/contracts';

/**
 * Tenancy, written once (docs/api.md, "Who sees what"). Work is *tenant work* when it was done for
 * a tenant: a reservation and its setup and teardown operations (the reservation's tenant), a named
 * topology and the staged operation that applies it (the tenant of the caller who planned it).
 * Everything else is *fabric work* and names no tenant: switches, ports, alarms, operators'
 * cross-connects, drains, cube replacements, the reconciler's reroutes.
 *
 * - Reads: operators and admins see everything; a viewer, launcher or scheduler of tenant T sees T's
 *   work and all fabric work. Fabric work is visible because every viewer already reads the
 *   switches it changes (GET /v1/switches), and a launcher needs to see the drain or reroute that
 *   holds or moves its ports; its `who` is an operator or the reconciler, not another tenant's caller.
 * - Writes to existing tenant work (renew, release, replan a topology): its own tenant, or an
 *   operator or admin. Fabric work is changed by operators and admins only.
 * - Another tenant's work is answered exactly like missing work (404), so its existence does not
 *   leak; lists leave it out before they are cut to the caller's limit.
 */

/** What a caller may read: everything, or one tenant's work plus fabric work. */
export type ReadScope = ListScope;

export function readScope(who: Principal): ReadScope {
  return mayChangeAnyTenant(who) ? { all: true } : { all: false, tenant: who.tenant };
}

/** May `who` read work of `tenant` (undefined: fabric work)? */
export function maySee(who: Principal, tenant: string | undefined): boolean {
  const scope = readScope(who);
  return scope.all || tenant === undefined || tenant === scope.tenant;
}

/**
 * The item when `who` may read it, else undefined: the caller answers "not found" either way. An
 * item without a `tenant` (a single-switch operation, a switch) is fabric work.
 */
export function visibleTo<T extends object>(who: Principal, item: T | null | undefined): T | undefined {
  if (!item) return undefined;
  const tenant = 'tenant' in item && typeof item.tenant === 'string' ? item.tenant : undefined;
  return maySee(who, tenant) ? item : undefined;
}

/** Operators and admins run the whole fabric: they change every tenant's work and fabric work. */
export function mayChangeAnyTenant(who: Principal): boolean {
  return roleAtLeast(who.role, 'operator');
}

/** May `who` change existing work of `tenant` (undefined: fabric work, operators only)? */
export function mayAccessTenant(who: Principal, tenant: string | undefined): boolean {
  return (tenant !== undefined && who.tenant === tenant) || mayChangeAnyTenant(who);
}

/** A caller planning for its tenant (a scheduler's topology): its name, whose work it is, what it may replan. */
export function plannerOf(who: Principal): { name: string; tenant: string; replaceAny: boolean } {
  return { name: who.name, tenant: who.tenant, replaceAny: mayChangeAnyTenant(who) };
}

/** A caller doing fabric work (an operator's drain or cube replacement): no tenant. */
export function fabricWorkBy(who: Principal): { name: string; replaceAny: boolean } {
  return { name: who.name, replaceAny: mayChangeAnyTenant(who) };
}
