import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { generateBlockFabric } from '@lightpath/topology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitSwitches, portMap, request } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';

const SWITCHES = ['ocs-0', 'ocs-1'];
// 2 blocks, one north and one south port on each of the 2 OCS (block b is port b+1 on both sides).
const blocks = generateBlockFabric({ blocks: 2, uplinks: 4, ocs: 2, portsPerOcs: 8, name: 'self-links' });
const loop = [{ a: 'block-0', b: 'block-0', links: 1 }];

describe('self-links (issue 7 item 6) end to end on real Kafka and Redis', () => {
  let fabric: Fabric;
  let api: string;
  const circuits = async () => (await Promise.all(SWITCHES.map(async (s) => (await portMap(api, s)).active))).flat();

  beforeAll(async () => {
    fabric = await createFabric('selflinks');
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-selflinks', SWITCHES);
    await awaitSwitches(api, SWITCHES);
    await request(api).put('/v1/fabric').send(blocks).expect(200);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  it('item 6: self-links are refused with a 400 naming the rule (reservation and mesh intent)', async () => {
    // A reservation by endpoints used to be accepted (201) and light a loopback circuit.
    const rsv = await request(api)
      .post('/v1/reservations')
      .set('idempotency-key', randomUUID())
      .send({ job: 'loop', endpoints: { links: loop }, leaseSeconds: 60 })
      .expect(400);
    expect(rsv.body).toMatchObject({ code: 'INVALID_INTENT', rule: 'no-loopback' });
    expect(rsv.body.message).toMatch(/block-0 to itself.*allowLoopbacks/);
    expect((await request(api).get('/v1/reservations').expect(200)).body.reservations ?? []).toEqual([]);

    // A mesh intent used to drop the self-link silently; the dry run and the applying route both refuse it.
    const mesh = { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 1 }, ...loop] };
    const dry = await request(api).post('/v1/topologies/loop-mesh/plan').send({ intent: mesh }).expect(400);
    expect(dry.body).toMatchObject({ code: 'INVALID_INTENT', rule: 'no-loopback' });
    expect(dry.body.message).toMatch(/links\[1\]/);
    const applied = await request(api).post('/v1/topologies/loop-mesh').send({ intent: mesh }).expect(400);
    expect(applied.body).toMatchObject({ code: 'INVALID_INTENT', rule: 'no-loopback' });
    expect(await circuits()).toEqual([]);

    // Unless the fabric spec explicitly allows loopbacks: then the same mesh plans, verified.
    await request(api).put('/v1/fabric').send({ ...blocks, allowLoopbacks: true }).expect(200);
    const allowed = await request(api).post('/v1/topologies/loop-mesh/plan').send({ intent: mesh }).expect(200);
    expect(allowed.body.plan.violations).toEqual([]);
    expect(allowed.body.plan.metrics.added).toBe(2);
  });
});
