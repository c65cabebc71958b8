import { rmSync } from 'node:fs';
import { topicNames, type ApplyCommand, type StagedOperation } from '@lightpath/contracts';
import { createKafka, JsonProducer, silentLogger } from '@lightpath/messaging';
import { waitFor } from '@lightpath/testing';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitSwitches, expectConverged, portMap, request, expectFabricInvariants } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';
import { uniqueName } from '../support/unique';

describe('reconciliation: drift on a live switch is repaired within a bounded time (I3)', () => {
  let fabric: Fabric;
  let api: string;
  let agentUrl: string;
  let producer: JsonProducer;

  beforeAll(async () => {
    fabric = await createFabric('rec', { RECONCILE_INTERVAL_MS: '500' });
    agentUrl = (await fabric.startAgent('agent-r', ['ocs-1'])).url;
    api = fabric.orchestrator.url;
    await awaitSwitches(api, ['ocs-1']);
    producer = new JsonProducer(createKafka({ brokers: [fabric.env.KAFKA_BROKERS], clientId: uniqueName('rec'), logger: silentLogger }));
    await producer.connect();
  });
  afterEach(async () => {
    await expectFabricInvariants(api);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await fabric?.stopAll();
    rmSync(fabric.stateDir, { recursive: true, force: true });
  });

  const repairsRemoving = async (north: number) => {
    const staged = (await request(api).get('/v1/operations?limit=50').expect(200)).body.staged as StagedOperation[];
    return staged.some(
      (op) => op.kind === 'reconcile' && op.target === 'ocs-1' && op.stages.some((s) => s.changes.some((c) => c.remove.some((p) => p.north === north))),
    );
  };
  const activeNorths = async () => (await portMap(api, 'ocs-1')).active.map((c) => c.north).sort((a, b) => a - b);

  it('a switch that lost power and came back empty gets its circuits re-made', async () => {
    await request(api).post('/v1/switches/ocs-1/cross-connects').send({ crossConnects: [{ north: 1, south: 2 }, { north: 3, south: 4 }] }).expect(202);
    await waitFor('both circuits up', async () => (await activeNorths()).join() === '1,3');

    await supertest(agentUrl).post('/admin/switches/ocs-1/faults').send({ kind: 'power-loss' }).expect(202);
    await waitFor('the switch to report itself dark', async () => (await activeNorths()).length === 0);
    await supertest(agentUrl).post('/admin/switches/ocs-1/faults').send({ kind: 'power-restore' }).expect(202);

    await waitFor('the reconciler to re-make both circuits', async () => (await activeNorths()).join() === '1,3', { timeoutMs: 15_000 });
    expectConverged(await portMap(api, 'ocs-1'));
  });

  it('a cross-connect nobody asked for is removed', async () => {
    const epoch = (await request(api).get('/v1/leader').expect(200)).body.epoch as number;
    const rogue: ApplyCommand = {
      type: 'apply',
      commandId: uniqueName('rogue'),
      switchId: 'ocs-1',
      epoch,
      issuedAt: Date.now(),
      // A long deadline: on a loaded machine the agent may take seconds to reach the command, and a
      // part past its deadline is refused, so no rogue circuit would ever be made.
      deadline: Date.now() + 60_000,
      parts: [{ operationId: 'rogue', step: 's0', deadline: Date.now() + 60_000, connect: [{ north: 100, south: 101 }], disconnect: [] }],
    };
    await producer.send({ topic: topicNames(fabric.prefix).commands('ocs-1'), key: 'ocs-1', value: rogue });
    // The reconciler (every 500 ms here) can see and remove the rogue circuit between two polls of
    // the port map, so a repair that names it counts as the circuit having appeared.
    await waitFor('the rogue circuit to appear, or a repair that removes it', async () => (await activeNorths()).includes(100) || (await repairsRemoving(100)), {
      timeoutMs: 30_000,
    });
    await waitFor('the reconciler to remove it', async () => !(await activeNorths()).includes(100), { timeoutMs: 15_000 });
    const map = await portMap(api, 'ocs-1');
    expect(map.active.map((c) => c.north).sort((a, b) => a - b)).toEqual([1, 3]);
    expectConverged(map);
  });
});
