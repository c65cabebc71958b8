import { HttpException } from '@nestjs/common';
import { generateBlockFabric } from '@lightpath/topology';
import type { FabricSpecStore, StoredFabricSpec } from '@lightpath/state';
import { describe, expect, it } from 'vitest';
import { FabricSpecService, summarizeSpec } from './fabric-spec.service';

/** The store's contract in memory, counting full reads so the version cache can be checked. */
function memoryStore() {
  let stored: StoredFabricSpec | undefined;
  const counts = { get: 0 };
  const store = {
    async put(spec: unknown, storedBy: string) {
      stored = { version: (stored?.version ?? 0) + 1, spec: JSON.parse(JSON.stringify(spec)), storedAt: 1, storedBy };
      return stored;
    },
    async version() {
      return stored?.version;
    },
    async get() {
      counts.get++;
      return stored;
    },
  };
  return { store: store as unknown as FabricSpecStore, counts, replaceBehindOurBack: (s: StoredFabricSpec) => (stored = s) };
}

describe('FabricSpecService', () => {
  const spec = generateBlockFabric({ blocks: 2, uplinks: 2, ocs: 1, portsPerOcs: 2 });

  it('answers 409 FABRIC_SPEC_MISSING, saying to PUT one, until a spec is stored', async () => {
    const err = await new FabricSpecService(memoryStore().store).current().catch((e: unknown) => e);
    expect((err as HttpException).getStatus()).toBe(409);
    expect((err as HttpException).getResponse()).toMatchObject({ code: 'FABRIC_SPEC_MISSING', message: expect.stringMatching(/PUT \/v1\/fabric/) });
  });

  it('stores only specs the library parses, and counts versions', async () => {
    const m = memoryStore();
    const svc = new FabricSpecService(m.store);
    const err = await svc.replace({ ...spec, switches: [{ id: 'ocs-0', northPorts: 0, southPorts: 2 }] }, 'me').catch((e: unknown) => e);
    expect((err as HttpException).getStatus()).toBe(400);
    expect(JSON.stringify((err as HttpException).getResponse())).toMatch(/switches\[0\]\.northPorts/);
    expect((await svc.replace(spec, 'me')).version).toBe(1);
    expect((await svc.replace(spec, 'me')).version).toBe(2);
  });

  it('reads the whole spec again only when the version moved (another replica replaced it)', async () => {
    const m = memoryStore();
    const writer = new FabricSpecService(m.store);
    const reader = new FabricSpecService(m.store);
    await writer.replace(spec, 'me');
    await reader.current();
    await reader.current();
    expect(m.counts.get).toBe(1);
    const other = generateBlockFabric({ name: 'other', blocks: 2, uplinks: 2, ocs: 1, portsPerOcs: 2 });
    m.replaceBehindOurBack({ version: 2, spec: other, storedAt: 2, storedBy: 'replica-b' });
    expect((await reader.current()).spec.name).toBe('other');
    expect(m.counts.get).toBe(2);
  });

  it('summarises endpoints by kind and counts switch ports', () => {
    expect(summarizeSpec(spec)).toEqual({ name: spec.name, switches: 1, endpoints: { block: 2 }, fibres: 4, switchPorts: 4 });
  });
});
