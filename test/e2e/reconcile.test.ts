import { rmSync } from 'node:fs';
import { topicNames, type ApplyCommand, type StagedOperation } from '@lightpath/contracts';
import { createKafka, JsonProducer, silentLogger } from '@lightpath/messaging';
import { createRedis, fabricKeys } from '@lightpath/state';
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
    // Full passes every 3 s here (60 s by default): between them a pass looks only at switches changed
    // or unsettled since their last look (reconcile/look-schedule.ts).
    fabric = await createFabric('rec', { RECONCILE_INTERVAL_MS: '500', RECONCILE_FULL_INTERVAL_MS: '3000' });
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

  /** The reconciler's look counter on /metrics, by what led to the look (beside the default `service` label). */
  const looks = async (pass: 'full' | 'changed' | 'event'): Promise<number> => {
    const text = (await request(api).get('/metrics').expect(200)).text;
    const m = new RegExp(`^lightpath_reconcile_looks_total\\{[^}]*pass="${pass}"[^}]*\\} (\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };

  it('an idle converged switch is looked at by full passes, not by every pass', async () => {
    // The moment the full-pass count next goes up (polled every 50 ms). A slow machine only makes
    // passes later, never more frequent, so the gap asserted below holds under load too.
    const nextFullPass = async () => {
      const seen = await looks('full');
      await waitFor('the next full pass', async () => (await looks('full')) > seen, { timeoutMs: 20_000 });
      return performance.now();
    };
    const first = await nextFullPass();
    const changedBefore = await looks('changed');
    const eventsBefore = await looks('event');
    const second = await nextFullPass();
    // Passes run every 500 ms here; had each been full, the next one would have come about 0.5 s
    // later, not after the 3 s full interval (less the polling).
    expect(second - first).toBeGreaterThan(2_500);
    // Between them only a change looks again: at most one look after each snapshot the agent sent
    // meanwhile (every 30 s, and those showing the settled picture need none) and none else here.
    const snapshots = (await looks('event')) - eventsBefore;
    expect((await looks('changed')) - changedBefore).toBeLessThanOrEqual(snapshots + 1);
  });

  it('a change no event announced (a desired circuit written into Redis by hand) is found by a full pass and made', async () => {
    const keys = fabricKeys(fabric.fabric);
    const direct = createRedis(fabric.env.REDIS_URL, 'reconcile-test');
    try {
      // Both directions of the desired state, as the engine's scripts write them; no owner entry: manual.
      await direct.multi().hset(keys.desiredByNorth('ocs-1'), '7', '8').hset(keys.desiredBySouth('ocs-1'), '8', '7').exec();
    } finally {
      await direct.quit();
    }
    await waitFor('the reconciler to make the circuit only Redis knew of', async () => (await activeNorths()).includes(7), { timeoutMs: 20_000 });
    expectConverged(await portMap(api, 'ocs-1'));
  });
});
