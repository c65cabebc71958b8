import { describe, expect, it } from 'vitest';
import type { Principal } from './principal';
import { mayAccessTenant } from './tenant-scope';

const who = (role: Principal['role'], tenant: string): Principal => ({ name: 'x', role, tenant, via: 'jwt' });

describe('mayAccessTenant', () => {
  it('lets a launcher or scheduler reach only its own tenant', () => {
    expect(mayAccessTenant(who('launcher', 'team-a'), 'team-a')).toBe(true);
    expect(mayAccessTenant(who('launcher', 'team-a'), 'team-b')).toBe(false);
    expect(mayAccessTenant(who('scheduler', 'team-a'), 'team-b')).toBe(false);
  });

  it('lets operators and admins reach every tenant', () => {
    expect(mayAccessTenant(who('operator', 'infra'), 'team-b')).toBe(true);
    expect(mayAccessTenant(who('admin', 'infra'), 'team-b')).toBe(true);
  });
});
