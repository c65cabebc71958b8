import { FabricState } from '@lightpath/state';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';

describe('fabric spec and topology stores on a real redis-server', () => {
  const opened: FabricState[] = [];
  const connect = (fabric: string) => {
    const s = FabricState.connect(inject('redisUrl'), fabric, 'test');
    opened.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });

  it('versions every replacement and audits it, and a second connection (another replica) reads the same spec and version', async () => {
    const fabric = uniqueName('spec');
    const state = connect(fabric);
    const a = state.fabricSpecStore();
    const b = connect(fabric).fabricSpecStore();
    expect(await b.version()).toBeUndefined();
    expect(await b.get()).toBeUndefined();
    const first = await a.put({ name: 'one' }, 'alice', 1000);
    const second = await a.put({ name: 'two' }, 'bob', 2000);
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await b.version()).toBe(2);
    expect(await b.get()).toEqual({ version: 2, spec: { name: 'two' }, storedAt: 2000, storedBy: 'bob' });
    const audit = await state.audit.recent(10);
    expect(audit.map(({ who, action, target, outcome, detail, at }) => ({ who, action, target, outcome, detail, at }))).toEqual([
      { who: 'bob', action: 'replace-fabric-spec', target: 'fabric', outcome: 'accepted', detail: 'version 2', at: 2000 },
      { who: 'alice', action: 'replace-fabric-spec', target: 'fabric', outcome: 'accepted', detail: 'version 1', at: 1000 },
    ]);
  });

  it('concurrent replacements each get their own version, and the stored spec is the last one', async () => {
    const store = connect(uniqueName('spec')).fabricSpecStore();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.put({ n: i }, 'x')));
    expect(results.map((r) => r.version).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const last = results.find((r) => r.version === 20)!;
    expect((await store.get())!.spec).toEqual(last.spec);
  });

  it('keeps the last plan per topology name, under the fabric only', async () => {
    const fabric = uniqueName('topo');
    const store = connect(fabric).topologyStore();
    const other = connect(uniqueName('topo')).topologyStore();
    await store.save({ name: 'job-1', intent: { kind: 'slice' }, plan: { v: 1 }, plannedAt: 1, plannedBy: 'a', specVersion: 1 });
    await store.save({ name: 'job-1', intent: { kind: 'slice' }, plan: { v: 2 }, plannedAt: 2, plannedBy: 'a', specVersion: 1 });
    await store.save({ name: 'job-0', intent: { kind: 'mesh' }, plan: {}, plannedAt: 3, plannedBy: 'b', tenant: 'team-a', specVersion: 1 });
    expect((await store.get('job-1'))!.plan).toEqual({ v: 2 });
    expect(await store.get('nope')).toBeUndefined();
    expect(await store.names()).toEqual([{ name: 'job-0', tenant: 'team-a' }, { name: 'job-1' }]);
    expect(await other.names()).toEqual([]);
  });

  it("keeps a name to its scope: another tenant's save is refused and changes nothing, an operator's (replaceAny) is taken", async () => {
    const store = connect(uniqueName('topo')).topologyStore();
    const t = (plannedBy: string, tenant?: string) => ({ name: 'mesh-a', intent: {}, plan: { by: plannedBy }, plannedAt: 1, plannedBy, tenant, specVersion: 1 });
    expect(await store.save(t('a1', 'team-a'))).toBe(true);
    expect(await store.save(t('a2', 'team-a'))).toBe(true);
    expect(await store.save(t('b1', 'team-b'))).toBe(false);
    expect(await store.save(t('fabric'))).toBe(false);
    expect((await store.get('mesh-a'))!.plannedBy).toBe('a2');
    expect(await store.names()).toEqual([{ name: 'mesh-a', tenant: 'team-a' }]);
    expect(await store.save(t('ops'), { replaceAny: true })).toBe(true);
    expect(await store.names()).toEqual([{ name: 'mesh-a' }]);
    // Fabric work's name is now closed to tenants too.
    expect(await store.save(t('a3', 'team-a'))).toBe(false);
  });
});
