import { describe, expect, it } from 'vitest';
import type { Principal } from './principal';
import { mayAccessTenant, maySee, readScope, visibleTo } from './tenant-scope';

const who = (role: Principal['role'], tenant: string): Principal => ({ name: 'x', role, tenant, via: 'jwt' });

describe('readScope / maySee: who reads what', () => {
  it('gives operators and admins every tenant', () => {
    expect(readScope(who('operator', 'infra'))).toEqual({ all: true });
    expect(readScope(who('admin', 'infra'))).toEqual({ all: true });
    expect(maySee(who('operator', 'infra'), 'team-b')).toBe(true);
    expect(maySee(who('admin', 'infra'), 'team-b')).toBe(true);
  });

  it("limits viewers, launchers and schedulers to their tenant's work", () => {
    for (const role of ['viewer', 'launcher', 'scheduler'] as const) {
      expect(readScope(who(role, 'team-a'))).toEqual({ all: false, tenant: 'team-a' });
      expect(maySee(who(role, 'team-a'), 'team-a')).toBe(true);
      expect(maySee(who(role, 'team-a'), 'team-b')).toBe(false);
    }
  });

  it('shows fabric work (no tenant) to every role', () => {
    for (const role of ['viewer', 'launcher', 'scheduler', 'operator', 'admin'] as const) expect(maySee(who(role, 'team-a'), undefined)).toBe(true);
  });

  it('matches tenants exactly: no prefix or case folding', () => {
    expect(maySee(who('launcher', 'team-a'), 'team-a2')).toBe(false);
    expect(maySee(who('launcher', 'team-a'), 'Team-A')).toBe(false);
    expect(maySee(who('launcher', 'team-a'), '')).toBe(false);
  });
});

describe('visibleTo', () => {
  it("passes what the caller may see and hides another tenant's work like a missing item", () => {
    const a = { id: 'sop-1', tenant: 'team-a' };
    const fabric = { id: 'op-1' };
    expect(visibleTo(who('launcher', 'team-a'), a)).toBe(a);
    expect(visibleTo(who('launcher', 'team-b'), a)).toBeUndefined();
    expect(visibleTo(who('launcher', 'team-b'), fabric)).toBe(fabric);
    expect(visibleTo(who('launcher', 'team-b'), null)).toBeUndefined();
  });
});

describe('mayAccessTenant: who changes existing work', () => {
  it('lets a launcher or scheduler reach only its own tenant', () => {
    expect(mayAccessTenant(who('launcher', 'team-a'), 'team-a')).toBe(true);
    expect(mayAccessTenant(who('launcher', 'team-a'), 'team-b')).toBe(false);
    expect(mayAccessTenant(who('scheduler', 'team-a'), 'team-b')).toBe(false);
  });

  it('lets operators and admins reach every tenant and fabric work', () => {
    expect(mayAccessTenant(who('operator', 'infra'), 'team-b')).toBe(true);
    expect(mayAccessTenant(who('admin', 'infra'), 'team-b')).toBe(true);
    expect(mayAccessTenant(who('operator', 'infra'), undefined)).toBe(true);
  });

  it('keeps fabric work from schedulers: it is read by all but changed by operators only', () => {
    expect(mayAccessTenant(who('scheduler', 'team-a'), undefined)).toBe(false);
  });
});
