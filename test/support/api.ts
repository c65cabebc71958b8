import type { Operation, StagedOperation } from '@lightpath/contracts';
import supertest from 'supertest';
import { waitFor } from '@lightpath/testing';
import { ADMIN_TOKEN } from './fabric-harness';

/**
 * supertest as an authenticated caller: every request carries the harness's admin token. Use it
 * for any orchestrator the harness started; the agents' admin endpoint ignores the header.
 */
export const request = (url: string) => supertest.agent(url).set('authorization', `Bearer ${ADMIN_TOKEN}`);

/** Polls an operation until it leaves pending/running, as a caller of the API would. */
export async function awaitOperation(url: string, id: string, timeoutMs = 20_000): Promise<Operation> {
  return waitFor(
    `operation ${id} to finish`,
    async () => {
      const res = await request(url).get(`/v1/operations/${id}`).expect(200);
      const op = res.body as Operation;
      return op.status === 'succeeded' || op.status === 'failed' ? op : undefined;
    },
    { timeoutMs, intervalMs: 25 },
  );
}

/** Polls a staged (multi-switch) operation until it has finished. */
export async function awaitStaged(url: string, id: string, timeoutMs = 30_000): Promise<StagedOperation> {
  return waitFor(
    `staged operation ${id} to finish`,
    async () => {
      const op = (await request(url).get(`/v1/operations/${id}`).expect(200)).body as StagedOperation;
      return op.status === 'running' || op.status === 'pending' ? undefined : op;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

export interface PortMapBody {
  active: { north: number; south: number; lossDb: number; owner?: string }[];
  desired: { north: number; south: number; owner?: string }[];
  pending: unknown[];
  unhealthyPorts: { side: string; port: number; health: string }[];
  registeredAt: number;
}

export async function portMap(url: string, switchId: string): Promise<PortMapBody> {
  return (await request(url).get(`/v1/switches/${switchId}`).expect(200)).body as PortMapBody;
}

/** Waits until the orchestrator lists every named switch as registered and reachable. */
export async function awaitSwitches(url: string, ids: string[]): Promise<void> {
  await waitFor(`switches ${ids.join(', ')} to register`, async () => {
    const res = await request(url).get('/v1/switches').expect(200);
    const known = new Set((res.body.switches as { switchId: string; reachable: boolean }[]).filter((s) => s.reachable).map((s) => s.switchId));
    return ids.every((id) => known.has(id));
  });
}

/**
 * Invariants I1 and I3 of docs/architecture: one owner per port, north to south only; and, with no
 * operation in flight, the switch's actual cross-connects equal the desired ones.
 */
export function expectConverged(map: PortMapBody): void {
  const norths = map.active.map((c) => c.north);
  const souths = map.active.map((c) => c.south);
  if (new Set(norths).size !== norths.length || new Set(souths).size !== souths.length) {
    throw new Error(`I1 one owner per port violated: ${JSON.stringify(map.active)}`);
  }
  const key = (c: { north: number; south: number }) => `${c.north}-${c.south}`;
  const actual = map.active.map(key).sort();
  const desired = map.desired.map(key).sort();
  if (map.pending.length === 0 && JSON.stringify(actual) !== JSON.stringify(desired)) {
    throw new Error(`I3 convergence violated: actual ${actual.join(',')} desired ${desired.join(',')}`);
  }
}

/**
 * The fabric-wide invariants a test leaves behind, checked by name after it (docs/architecture.md):
 * I1 one owner per port, I2 no desired circuit on a failed port, and I3 convergence on every switch once nothing is in flight (the
 * reconciler is given time to repair drift a test injected on purpose), and I6: every operation
 * the orchestrator accepted appears exactly once in the audit log, with who asked; I4 and I8 (below).
 * I5 (fencing) and I7 (capacity guard) are properties of history rather than of state: the fencing
 * and failover tests pin I5 down, and every plan the engine applies passes the stage verifier (I7).
 */
export async function expectFabricInvariants(url: string): Promise<void> {
  const { switches } = (await request(url).get('/v1/switches').expect(200)).body as { switches: { switchId: string }[] };
  for (const { switchId } of switches) {
    await waitFor(
      `I1/I3 on ${switchId}`,
      async () => {
        try {
          const map = await portMap(url, switchId);
          expectConverged(map);
          expectHealthy(map);
          expectOwned(map);
          return true;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    ).catch(async () => {
      const map = await portMap(url, switchId);
      expectConverged(map);
      expectHealthy(map);
      expectOwned(map);
    });
  }
  const ops = (await request(url).get('/v1/operations?limit=1000').expect(200)).body as {
    operations: { id: string }[];
    staged?: { id: string }[];
  };
  const audited: { operationId?: string; who: string }[] = [];
  let before: string | undefined;
  do {
    const page = (await request(url).get(`/v1/audit?limit=1000${before ? `&before=${before}` : ''}`).expect(200)).body as {
      entries: { operationId?: string; who: string }[];
      next?: string;
    };
    audited.push(...page.entries);
    before = page.next;
  } while (before);
  for (const op of [...ops.operations, ...(ops.staged ?? [])]) {
    const entries = audited.filter((e) => e.operationId === op.id);
    if (entries.length !== 1 || !entries[0].who) {
      throw new Error(`I6 audit violated: operation ${op.id} has ${entries.length} audit entries`);
    }
  }
  await expectReservationsApart(url);
}

interface ReservationBody {
  id: string;
  status: string;
  cubes: string[];
  crossConnects: { switchId: string; north: number; south: number }[];
}

/**
 * I4: live reservations never share a cube or a port, and an ended one (released, expired,
 * preempted, failed) leaves none of its circuits in the desired state of any switch.
 */
export async function expectReservationsApart(url: string): Promise<void> {
  const { reservations } = (await request(url).get('/v1/reservations?limit=1000').expect(200)).body as { reservations: ReservationBody[] };
  const live = reservations.filter((r) => ['placing', 'active', 'releasing'].includes(r.status));
  const owner = new Map<string, string>();
  for (const r of live) {
    const keys = [...r.cubes.map((c) => `cube ${c}`), ...r.crossConnects.flatMap((c) => [`${c.switchId} north ${c.north}`, `${c.switchId} south ${c.south}`])];
    for (const k of keys) {
      const other = owner.get(k);
      if (other && other !== r.id) throw new Error(`I4 violated: ${k} belongs to reservations ${other} and ${r.id}`);
      owner.set(k, r.id);
    }
  }
  await expectReservationsOwnTheirCircuits(url, live);
  const ended = reservations.filter((r) => ['released', 'expired', 'preempted', 'failed'].includes(r.status));
  const switches = [...new Set(ended.flatMap((r) => r.crossConnects.map((c) => c.switchId)))];
  const desired = new Map<string, Set<string>>();
  for (const s of switches) desired.set(s, new Set((await portMap(url, s)).desired.map((c) => `${c.north}-${c.south}`)));
  for (const r of ended) {
    for (const c of r.crossConnects) {
      // A later reservation may have been given the same ports: only circuits no live one owns count.
      if (owner.has(`${c.switchId} north ${c.north}`)) continue;
      if (desired.get(c.switchId)?.has(`${c.north}-${c.south}`)) {
        throw new Error(`I4 violated: ended reservation ${r.id} (${r.status}) left ${c.switchId} N${c.north}-S${c.south} behind`);
      }
    }
  }
}

/** I2: no desired circuit stays on a failed port (it is rerouted, or the drift is an alarm). */
export function expectHealthy(map: PortMapBody): void {
  const failed = new Set(map.unhealthyPorts.filter((p) => p.health === 'failed').map((p) => `${p.side}:${p.port}`));
  const bad = map.desired.filter((c) => failed.has(`north:${c.north}`) || failed.has(`south:${c.south}`));
  if (bad.length > 0) throw new Error(`I2 health violated: desired circuits on failed ports ${JSON.stringify(bad)}`);
}

const OWNER = /^(manual|repair|topology:[a-zA-Z0-9][a-zA-Z0-9._-]*|reservation:[a-zA-Z0-9][a-zA-Z0-9._-]*)$/;

/** I8 ownership: every desired circuit has exactly one owner, of a known kind (docs/architecture.md). */
export function expectOwned(map: PortMapBody): void {
  const bad = map.desired.filter((c) => !OWNER.test(c.owner ?? ''));
  if (bad.length > 0) throw new Error(`I8 ownership violated: desired circuits without a known owner ${JSON.stringify(bad)}`);
}

/**
 * I8 ownership, reservations: a live reservation's circuits that are in the desired state belong
 * to it (no topology took them; a repair that moved one kept the owner, and then it is elsewhere).
 */
async function expectReservationsOwnTheirCircuits(url: string, live: ReservationBody[]): Promise<void> {
  const maps = new Map<string, PortMapBody>();
  for (const r of live) {
    for (const c of r.crossConnects) {
      if (!maps.has(c.switchId)) maps.set(c.switchId, await portMap(url, c.switchId));
      const d = maps.get(c.switchId)!.desired.find((x) => x.north === c.north && x.south === c.south);
      if (d && d.owner !== `reservation:${r.id}`) {
        throw new Error(`I8 ownership violated: ${c.switchId} N${c.north}-S${c.south} of live reservation ${r.id} is owned by ${d.owner}`);
      }
    }
  }
}
