import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fabricKeys } from '@lightpath/state';
import { startPrivateKafka, startPrivateRedis, startPrivateRedisCluster, waitFor, type AppProcess, type PrivateLayout, type PrivateServer } from '@lightpath/testing';
import { generateBlockFabric, generateCubePod } from '@lightpath/topology';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitOperation, awaitStaged, awaitSwitches, expectConverged, expectFabricInvariants, portMap, request } from '../support/api';
import { ADMIN_TOKEN, createFabric, type Fabric } from '../support/fabric-harness';
import { uniqueName } from '../support/unique';

const LAUNCHER = `launcher-${randomBytes(12).toString('hex')}`;
const API_TOKENS = `e2e-admin:admin:e2e:${ADMIN_TOKEN},launcher:launcher:team-a:${LAUNCHER}`;
const BLOCK_SWITCHES = ['ocs-0', 'ocs-1', 'ocs-2', 'ocs-3'];
const pod = generateCubePod({ cubes: 8, linksPerFace: 1, portsPerOcs: 16, name: 'pod-cluster' });
const POD_SWITCHES = pod.switches.map((s) => s.id);

const ROOT = resolve(__dirname, '../..');
const redisCli = (port: number, ...args: string[]) =>
  new Promise<string>((res, rej) => execFile('redis-cli', ['-p', String(port), ...args], { timeout: 5_000 }, (err, out) => (err ? rej(err) : res(out.trim()))));

interface LeaderView {
  selfId: string;
  isLeader: boolean;
}

describe('Redis Cluster (three primaries, three replicas): the core end-to-end cases', () => {
  let cluster: PrivateLayout;
  let kafka: PrivateServer;
  let blocks: Fabric;
  let cubes: Fabric;
  let replica: AppProcess;
  /** The replica that leads after the kill -9 case. */
  let survivor: AppProcess;

  beforeAll(async () => {
    [cluster, kafka] = await Promise.all([startPrivateRedisCluster('ha-cluster'), startPrivateKafka('ha-cluster')]);
    const servers = { kafkaBrokers: kafka.address, redis: cluster.env };
    [blocks, cubes] = await Promise.all([
      createFabric('ha-cl-blocks', { ORCH_ID: 'orch-a', LEADER_LEASE_MS: '1500', COMMAND_TIMEOUT_MS: '20000' }, servers),
      createFabric('ha-cl-cubes', { API_TOKENS, COMMAND_TIMEOUT_MS: '20000' }, servers),
    ]);
    replica = await blocks.startReplica('orch-b');
    await blocks.startAgent('agent-blocks', BLOCK_SWITCHES, { AGENT_TIME_SCALE: '0' });
    await cubes.startAgent('agent-cubes', POD_SWITCHES, { AGENT_TIME_SCALE: '0' });
    await Promise.all([awaitSwitches(blocks.orchestrator.url, BLOCK_SWITCHES), awaitSwitches(cubes.orchestrator.url, POD_SWITCHES)]).catch((err: Error) => {
      // Say why: the end of each orchestrator's warnings and errors.
      const tail = (app: AppProcess) => app.logs().split('\n').filter((l) => /"level":"(warn|error|fatal)"/.test(l)).slice(-8).join('\n');
      throw new Error(`${err.message}\nblocks orchestrator:\n${tail(blocks.orchestrator)}\ncubes orchestrator:\n${tail(cubes.orchestrator)}`);
    });
    await request(blocks.orchestrator.url).put('/v1/fabric').send(generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 136 })).expect(200);
    await request(cubes.orchestrator.url).put('/v1/fabric').send(pod).expect(200);
  });
  afterAll(async () => {
    await Promise.all([blocks?.stopAll(), cubes?.stopAll()]);
    for (const f of [blocks, cubes]) if (f) rmSync(f.stateDir, { recursive: true, force: true });
    await Promise.all([cluster?.dispose(), kafka?.dispose()]);
  });

  it("every key of a fabric (every Lua script's KEYS among them) hashes to the fabric's one slot", async () => {
    const keys = fabricKeys(blocks.fabric);
    const names = Object.values(keys).map((k) => (typeof k === 'function' ? (k as (a: string, b: string) => string)('sample-a', 'sample-b') : k));
    expect(names.length).toBeGreaterThan(30);
    const slot = await redisCli(cluster.nodes[0].port, 'CLUSTER', 'KEYSLOT', `{${blocks.fabric}}`);
    for (const name of names) expect(await redisCli(cluster.nodes[0].port, 'CLUSTER', 'KEYSLOT', name), name).toBe(slot);
    // What the orchestrator wrote is there, on whichever primary serves the slot (-c follows the redirect).
    expect(await redisCli(cluster.nodes[0].port, '-c', 'SCARD', keys.switches)).toBe(String(BLOCK_SWITCHES.length));
  });

  it('cross-connects are made and removed (I1, I3)', async () => {
    const api = blocks.orchestrator.url;
    const made = await request(api).post('/v1/switches/ocs-0/cross-connects').send({ crossConnects: [{ north: 1, south: 2 }, { north: 3, south: 4 }] }).expect(202);
    expect((await awaitOperation(api, made.body.id, 60_000)).status).toBe('succeeded');
    expect((await portMap(api, 'ocs-0')).active.map((c) => [c.north, c.south])).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const extra = await request(api).post('/v1/switches/ocs-1/cross-connects').send({ north: 5, south: 6 }).expect(202);
    expect((await awaitOperation(api, extra.body.id, 60_000)).status).toBe('succeeded');
    const gone = await request(api).delete('/v1/switches/ocs-1/cross-connects/5').expect(202);
    expect((await awaitOperation(api, gone.body.id, 60_000)).status).toBe('succeeded');
    await expectFabricInvariants(api);
  });

  it('a staged topology operation (a drain) moves the circuits in stages', async () => {
    const api = blocks.orchestrator.url;
    const res = await request(api).post('/v1/switches/ocs-0/drain').expect(202);
    const op = await awaitStaged(api, res.body.operation.id, 90_000);
    expect(op.status, op.reason).toBe('succeeded');
    expect((await portMap(api, 'ocs-0')).active).toEqual([]);
    for (const s of BLOCK_SWITCHES) expectConverged(await portMap(api, s));
    await request(api).post('/v1/switches/ocs-0/undrain').expect(200);
    await expectFabricInvariants(api);
  });

  it('a reservation is placed, set up on the switches and released', async () => {
    const api = cubes.orchestrator.url;
    const launcher = () => supertest.agent(api).set('authorization', `Bearer ${LAUNCHER}`);
    const created = await launcher().post('/v1/reservations').set('idempotency-key', randomUUID()).send({ job: 'on-cluster', slice: { shape: '1x1x2' }, leaseSeconds: 300 }).expect(201);
    const id = created.body.id as string;
    const active = await waitFor('the reservation to be active', async () => {
      const r = (await launcher().get(`/v1/reservations/${id}`).expect(200)).body as { status: string; crossConnects: { switchId: string; north: number; south: number }[] };
      return r.status === 'active' ? r : undefined;
    }, { timeoutMs: 60_000 });
    for (const c of active.crossConnects) expect((await portMap(api, c.switchId)).active.map((a) => `${a.north}>${a.south}`)).toContain(`${c.north}>${c.south}`);
    await launcher().delete(`/v1/reservations/${id}`).expect(202);
    await waitFor('the reservation to be released', async () => ((await launcher().get(`/v1/reservations/${id}`).expect(200)).body as { status: string }).status === 'released', { timeoutMs: 60_000 });
    await expectFabricInvariants(api);
  });

  it('the leader killed with -9: the other replica takes the lease over and serves changes', async () => {
    const leaderOf = async (url: string) => (await request(url).get('/v1/leader').expect(200)).body as LeaderView;
    const [a, b] = [blocks.orchestrator, replica];
    const leader = (await leaderOf(a.url)).isLeader ? a : b;
    const follower = leader === a ? b : a;
    await leader.kill();
    await waitFor('the follower to lead', async () => (await leaderOf(follower.url)).isLeader, { timeoutMs: 30_000 });
    const made = await request(follower.url).post('/v1/switches/ocs-2/cross-connects').send({ north: 7, south: 8 }).expect(202);
    expect((await awaitOperation(follower.url, made.body.id, 60_000)).status).toBe('succeeded');
    await expectFabricInvariants(follower.url);
    survivor = follower;
  });

  it('a clean shutdown hands the lease over at once: the release published from its script reaches a follower on another node', async () => {
    const leaderOf = async (url: string) => (await request(url).get('/v1/leader').expect(200)).body as LeaderView & { epoch: number };
    const before = await leaderOf(survivor.url);
    expect(before.isLeader).toBe(true);
    const next = await blocks.startReplica(before.selfId === 'orch-a' ? 'orch-b' : 'orch-a');
    await survivor.stop();
    const takeover = await waitFor('the new replica to lead', async () => {
      const view = await leaderOf(next.url);
      return view.isLeader ? view : undefined;
    }, { timeoutMs: 30_000 });
    expect(takeover.epoch).toBeGreaterThan(before.epoch);
    // Woken by the release (Redis Cluster carries a PUBLISH to every node), not by the lease's expiry.
    const acquired = next.logs().split('\n').filter((l) => l.includes('"leadership acquired"')).map((l) => JSON.parse(l) as { trigger?: string });
    expect(acquired.at(-1)).toMatchObject({ trigger: 'release' });
  });

  it('REDIS_CLUSTER_NODES naming a Redis without cluster mode stops the orchestrator at start with one clear line', async () => {
    const plain = await startPrivateRedis('ha-cluster-plain');
    try {
      // Run to its end, as an operator would: all of its output once it has exited.
      const failed = await new Promise<{ code: number | null; out: string }>((res) =>
        execFile(
          'node',
          [resolve(ROOT, 'dist/apps/orchestrator/src/main.js')],
          {
            env: { ...process.env, ...blocks.env, FABRIC: uniqueName('misconf'), ORCH_HTTP_PORT: '0', API_TOKENS, REDIS_CLUSTER_NODES: plain.address.replace('redis://', '') },
            timeout: 60_000,
          },
          (err, out) => res({ code: err ? ((err as { code?: number }).code ?? null) : 0, out }),
        ),
      );
      expect(failed.code).toBe(1);
      const fatal = failed.out.split('\n').filter((l) => l.includes('"level":"fatal"'));
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toContain(`REDIS_CLUSTER_NODES: ${plain.address.replace('redis://', '')} is a Redis without cluster mode (cluster support disabled)`);
    } finally {
      await plain.dispose();
    }
  });
});
