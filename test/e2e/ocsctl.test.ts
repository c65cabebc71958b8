import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@lightpath/testing';
import { generateBlockFabric } from '@lightpath/topology';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitSwitches, expectFabricInvariants, request } from '../support/api';
import { createFabric, type Fabric } from '../support/fabric-harness';

const ROOT = resolve(__dirname, '../..');
const BIN = resolve(ROOT, 'apps/ocsctl/bin/ocsctl.js');
const SWITCHES = ['ocs-0', 'ocs-1', 'ocs-2', 'ocs-3'];

interface Run { code: number; stdout: string; stderr: string }

/**
 * Issue 10, ocsctl: the built binary, as a user runs it, against a real orchestrator and agents on
 * the shared Kafka and Redis. HOME is a scratch directory, so no config file of the machine's user
 * is read; the server and token come from the environment unless a test says otherwise.
 */
describe('ocsctl against the real stack', () => {
  let fabric: Fabric;
  let api: string;
  let home: string;
  const env = () => ({ PATH: process.env.PATH ?? '', HOME: home, LIGHTPATH_SERVER: api, LIGHTPATH_TOKEN: fabric.adminToken });
  const ocsctl = (args: string[], extraEnv: Record<string, string> = {}) =>
    new Promise<Run>((done) => {
      execFile(process.execPath, [BIN, ...args], { env: { ...env(), ...extraEnv }, timeout: 120_000 }, (err, stdout, stderr) => {
        done({ code: err ? ((err as { code?: number }).code ?? 99) : 0, stdout, stderr });
      });
    });

  beforeAll(async () => {
    execFileSync('npm', ['run', '--silent', 'build:ocsctl'], { cwd: ROOT, stdio: 'inherit' });
    home = mkdtempSync(join(tmpdir(), 'ocsctl-e2e-'));
    fabric = await createFabric('ocsctl', { COMMAND_TIMEOUT_MS: '8000' });
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-ocsctl', SWITCHES);
    await awaitSwitches(api, SWITCHES);
    await request(api).put('/v1/fabric').send(generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 136 })).expect(200);
  });
  afterAll(async () => {
    await fabric?.stopAll();
    if (fabric) rmSync(resolve(ROOT, fabric.stateDir), { recursive: true, force: true });
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('serves the OpenAPI document libs/client was generated from (the committed one)', async () => {
    const live = (await request(api).get('/openapi.json').expect(200)).body;
    expect(live).toEqual(JSON.parse(readFileSync(resolve(ROOT, 'libs/client/openapi.json'), 'utf8')));
  });

  it('get switches prints a table of every switch, and -o json the API body', async () => {
    const table = await ocsctl(['get', 'switches']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+PORTS\s+REACHABLE\s+POWERED\s+DRAINED\s+CIRCUITS$/);
    for (const s of SWITCHES) expect(table.stdout).toMatch(new RegExp(`^${s}\\s+136x136\\s+yes\\s+yes\\s+no\\s+0`, 'm'));
    const json = await ocsctl(['get', 'switches', '-o', 'json']);
    expect((JSON.parse(json.stdout) as { switches: { switchId: string }[] }).switches.map((s) => s.switchId).sort()).toEqual(SWITCHES);
  });

  it('an unreachable server is one line naming it and exit 2; a wrong token is the API code and exit 1', async () => {
    const down = await ocsctl(['get', 'switches', '--server', 'http://127.0.0.1:9', '--request-timeout', '5']);
    expect(down.code).toBe(2);
    expect(down.stderr.trim()).toMatch(/^error: cannot reach the lightpath API at http:\/\/127\.0\.0\.1:9: /);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    const wrong = await ocsctl(['get', 'switches'], { LIGHTPATH_TOKEN: 'not-a-token' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error: TOKEN_INVALID \(401\): .*the server does not know this token/);
    const usage = await ocsctl(['get']);
    expect(usage.code).toBe(2);
  });

  it('apply --dry-run prints the plan diff and changes nothing; apply --wait applies it and describe shows its stages', async () => {
    const file = join(home, 'intent.yaml');
    writeFileSync(file, dump({ name: 'ocsctl-mesh', intent: { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 2 }] } }));
    const dry = await ocsctl(['apply', '-f', file, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^topology ocsctl-mesh: mesh against fabric spec v\d+, 0 circuits now/);
    expect(dry.stdout).toMatch(/^stages: 1/m);
    expect(dry.stdout).toMatch(/^changed: 2 cross-connects \(lower bound 2/m);
    expect((await request(api).get('/v1/operations').expect(200)).body.staged ?? []).toEqual([]);

    const applied = await ocsctl(['apply', '-f', file, '--wait', '--timeout', '90']);
    expect(applied.code, applied.stderr).toBe(0);
    const id = /applying: operation (sop-\S+)/.exec(applied.stdout)?.[1];
    expect(id).toBeDefined();
    expect(applied.stderr).toMatch(new RegExp(`${id} stage 1/1 \\[#{20}\\] succeeded`));
    const described = await ocsctl(['describe', 'operation', id!]);
    expect(described.stdout).toMatch(/^Status:\s+succeeded/m);
    expect(described.stdout).toMatch(/^ {2}Stage 1: succeeded in \d+ ms/m);
    const broken = join(home, 'broken.yaml');
    writeFileSync(broken, dump({ name: 'ocsctl-bad', intent: { kind: 'slice', shape: [4] } }));
    const bad = await ocsctl(['apply', '-f', broken, '--dry-run']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: INVALID_REQUEST \(400\): .*intent\.shape: /);
  });

  it('drain --wait moves the circuits away in stages, describe switch shows it drained, undrain brings it back', async () => {
    const drained = await ocsctl(['drain', 'ocs-0', '--wait']);
    expect(drained.code, drained.stderr).toBe(0);
    expect(drained.stdout).toMatch(/^switch\/ocs-0 draining: operation /);
    const described = await ocsctl(['describe', 'switch', 'ocs-0']);
    expect(described.stdout).toMatch(/^Drained:\s+yes/m);
    expect(described.stdout).toMatch(/^Circuits:\s+0 active/m);
    expect((await ocsctl(['undrain', 'ocs-0'])).code).toBe(0);
    expect((await request(api).get('/v1/switches/ocs-0').expect(200)).body.drained).toBe(false);
    await expectFabricInvariants(api);
  });

  it('freeze makes the API refuse new work (exit 1 with its code), fail-port and restore-port mark a port', async () => {
    expect((await ocsctl(['freeze'])).stdout).toMatch(/^fabric frozen by e2e-admin/);
    const file = join(home, 'frozen-intent.yaml');
    writeFileSync(file, dump({ name: 'ocsctl-frozen', intent: { kind: 'mesh', links: [{ a: 'block-2', b: 'block-3', links: 1 }] } }));
    try {
      const refused = await ocsctl(['apply', '-f', file]);
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toMatch(/^error: FABRIC_FROZEN \(409\)/);
    } finally {
      expect((await ocsctl(['unfreeze'])).code).toBe(0);
    }
    expect((await ocsctl(['fail-port', 'ocs-3', 'north', '7', '--reason', 'dirty connector'])).code).toBe(0);
    await waitFor('north:7 failed in describe', async () => /Failed ports:\s+north:7/.test((await ocsctl(['describe', 'switch', 'ocs-3'])).stdout) || undefined);
    expect((await ocsctl(['restore-port', 'ocs-3', 'north', '7'])).code).toBe(0);
    const leader = await ocsctl(['leader']);
    expect(leader.stdout).toMatch(/\(leader\)/);
    const audit = await ocsctl(['audit', '-o', 'json']);
    expect((JSON.parse(audit.stdout) as { entries: { action: string }[] }).entries.map((e) => e.action)).toContain('drain');
  });

  it('get operations -w prints an operation started elsewhere as it happens', async () => {
    const child = spawn(process.execPath, [BIN, 'get', 'operations', '-w'], { env: env() });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    try {
      await waitFor('the initial table', async () => out.includes('ID') || undefined);
      const op = (await request(api).post('/v1/switches/ocs-2/cross-connects').send({ north: 40, south: 41 }).expect(202)).body as { id: string };
      await waitFor(`${op.id} succeeded in the watch`, async () => new RegExp(`operation\\s+succeeded\\s+ocs-2\\s+${op.id} succeeded`).test(out) || undefined, { timeoutMs: 30_000 });
    } finally {
      child.kill();
    }
  });

  it('config contexts choose the server and token; flags and environment override them', async () => {
    const config = join(home, 'config.yaml');
    const bare = { LIGHTPATH_SERVER: '', LIGHTPATH_TOKEN: '', LIGHTPATH_CONFIG: config };
    expect((await ocsctl(['config', 'set-context', 'lab', '--server', api, '--token', fabric.adminToken], bare)).code).toBe(0);
    expect((await ocsctl(['config', 'set-context', 'nowhere', '--server', 'http://127.0.0.1:9'], bare)).code).toBe(0);
    const contexts = await ocsctl(['config', 'get-contexts'], bare);
    expect(contexts.stdout).toMatch(/^\*\s+lab\s+http:\/\/\S+\s+token/m);
    expect(contexts.stdout).not.toContain(fabric.adminToken);
    expect((await ocsctl(['get', 'switches'], bare)).code).toBe(0);
    expect((await ocsctl(['config', 'use-context', 'nowhere'], bare)).code).toBe(0);
    expect((await ocsctl(['get', 'switches', '--request-timeout', '5'], bare)).code).toBe(2);
    expect((await ocsctl(['get', 'switches', '--context', 'lab'], bare)).code).toBe(0);
    expect((await ocsctl(['get', 'switches'], { ...bare, LIGHTPATH_SERVER: api, LIGHTPATH_TOKEN: fabric.adminToken })).code).toBe(0);
  });

  it('plan runs the offline planner in the same binary, no server', async () => {
    const spec = join(home, 'fabric.yaml');
    const intent = join(home, 'plan-intent.json');
    writeFileSync(spec, dump(generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 136 })));
    writeFileSync(intent, JSON.stringify({ kind: 'mesh', links: [{ a: 'block-0', b: 'block-2', links: 1 }] }));
    const planned = await ocsctl(['plan', '--fabric', spec, '--intent', intent], { LIGHTPATH_SERVER: 'http://127.0.0.1:9' });
    expect(planned.code, planned.stderr).toBe(0);
    expect(JSON.parse(planned.stdout).violations).toEqual([]);
  });
});
