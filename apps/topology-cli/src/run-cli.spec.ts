import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateBlockFabric, generateCubePod, intentJsonSchema, verifyLinkCounts, type CrossConnect, type FabricSpec, type PlanOutput } from '@lightpath/topology';
import { runCli } from './run-cli';

async function run(argv: string[], files: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    writeFile: (p, t) => {
      files[p] = t;
    },
    readFile: (p) => {
      if (!(p in files)) throw new Error(`no file ${p}`);
      return files[p];
    },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

async function plan(spec: FabricSpec, intent: unknown, current?: CrossConnect[], extra: string[] = []) {
  const files: Record<string, string> = { 'fabric.yaml': dump(spec), 'intent.json': JSON.stringify(intent) };
  const argv = ['--fabric', 'fabric.yaml', '--intent', 'intent.json', '--full-state', ...extra];
  if (current) {
    files['current.json'] = JSON.stringify({ crossConnects: current });
    argv.push('--current', 'current.json');
  }
  const r = await run(argv, files);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as PlanOutput;
  expect(out.violations).toEqual([]);
  return out;
}

describe('topology CLI', () => {
  const pod = generateCubePod({ cubes: 8, spareCubes: 1 });

  it('plans a twisted slice from YAML files and reports counts at the bound', async () => {
    const out = await plan(pod, { kind: 'slice', shape: [4, 4, 8], twisted: true });
    expect(out.metrics).toMatchObject({ added: 96, removed: 0, touched: 96, ratioToLowerBound: 1, stages: 1 });
    expect(out.changes).toHaveLength(48);
    expect((out.details.layout as { cubes: string[] }).cubes).toEqual(['cube-0', 'cube-1']);
  });

  it('repairs a failed cube of a slice with 2 changed cross-connects per OCS', async () => {
    const slice = await plan(pod, { kind: 'slice', shape: [8, 8, 8] });
    const layout = slice.details.layout;
    const out = await plan(pod, { kind: 'repair', failure: { type: 'cube', cube: 'cube-2', layout } }, slice.crossConnects);
    expect(out.metrics).toMatchObject({ modified: 96, lowerBound: { modified: 96 }, ratioToLowerBound: 1 });
    expect(out.details.spare).toBe('cube-8');
  });

  it('repairs a failed cube-face port by moving the cube, and refuses to reroute a cube pod OCS', async () => {
    const slice = await plan(pod, { kind: 'slice', shape: [8, 8, 8] });
    const layout = slice.details.layout as { cubes: string[] };
    const out = await plan(pod, { kind: 'repair', failure: { type: 'port', switchId: 'ocs-y-3', side: 'south', port: 3, layout } }, slice.crossConnects);
    expect(out.details).toMatchObject({ method: 'move-cube-to-spare', cube: 'cube-2', spare: 'cube-8' });
    expect(out.metrics.modified).toBe(96);
    const r = await run(['--fabric', 'f.json', '--intent', 'i.json'], {
      'f.json': JSON.stringify(pod),
      'i.json': JSON.stringify({ kind: 'repair', failure: { type: 'ocs', switchId: 'ocs-x-0' } }),
    });
    expect(JSON.parse(r.stderr)).toMatchObject({ rule: 'ocs-carries-torus-links' });
  });

  const blocks = generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 8 });
  // Each block uses 2 of its 4 ports per side, leaving room to repair around a failed port or OCS.
  const ring = [0, 1, 2, 3].flatMap((i) => [{ a: `block-${i}`, b: `block-${(i + 1) % 4}`, links: 1 }, { a: `block-${i}`, b: `block-${(i + 3) % 4}`, links: 1 }]);

  it('realises a mesh, then rewires it to a new target changing few circuits', async () => {
    const mesh = await plan(blocks, { kind: 'mesh', links: ring });
    expect(mesh.metrics.added).toBe(8);
    expect(verifyLinkCounts(blocks, mesh.crossConnects!, ring, { directed: true })).toEqual([]);
    // Degree-preserving move: 0->1 and 2->3 become 0->2 and 2->1.
    const target = ring
      .filter((d) => !(d.a === 'block-0' && d.b === 'block-1') && !(d.a === 'block-2' && d.b === 'block-3'))
      .concat([{ a: 'block-0', b: 'block-2', links: 1 }, { a: 'block-2', b: 'block-1', links: 1 }]);
    const out = await plan(blocks, { kind: 'rewire', target }, mesh.crossConnects);
    expect(out.metrics.lowerBound.touched).toBe(4);
    expect(out.metrics.touched).toBeGreaterThanOrEqual(4);
  });

  it('stages a full rewiring so no pair loses more than a quarter of its links at once', async () => {
    const wide = generateBlockFabric({ blocks: 4, uplinks: 16, ocs: 4, portsPerOcs: 8 });
    const step = (k: number) => [0, 1, 2, 3].map((i) => ({ a: `block-${i}`, b: `block-${(i + k) % 4}`, links: 8 }));
    const before = await plan(wide, { kind: 'mesh', links: step(1) });
    const out = await plan(wide, { kind: 'rewire', target: step(2) }, before.crossConnects);
    // Each unordered pair {i, i+1} has 8 links, allowance floor(0.25 x 8) = 2: at least 4 stages.
    expect(out.metrics.stageLowerBound).toBe(4);
    expect(out.metrics.stages).toBeGreaterThanOrEqual(4);
    expect(out.metrics.removed).toBe(32);
  });

  it('repairs a failed port and a failed OCS by rewiring around them', async () => {
    const mesh = await plan(blocks, { kind: 'mesh', links: ring });
    const victim = mesh.crossConnects![0];
    const port = await plan(blocks, { kind: 'repair', failure: { type: 'port', switchId: victim.switchId, side: 'north', port: victim.north } }, mesh.crossConnects);
    expect(port.metrics.removed).toBeGreaterThanOrEqual(1);
    const ocs = await plan(blocks, { kind: 'repair', failure: { type: 'ocs', switchId: 'ocs-1' } }, mesh.crossConnects);
    expect(ocs.crossConnects!.some((c) => c.switchId === 'ocs-1')).toBe(false);
  });

  it('engineers a topology for a traffic matrix, reports it against the LP bound, then rewires to a new matrix', async () => {
    const wide = generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 2, portsPerOcs: 8 });
    const hot = [{ a: 'block-0', b: 'block-1', demand: 10 }, { a: 'block-2', b: 'block-3', demand: 6 }, { a: 'block-0', b: 'block-2', demand: 1 }];
    const first = await plan(wide, { kind: 'traffic', demands: hot, timeLimitMs: 5000 });
    const d = first.details as { objective: number; lpBound: number; method: string };
    expect(d.method).toBe('edge-colouring');
    expect(d.objective).toBeLessThanOrEqual(d.lpBound + 1e-9);
    expect(d.objective).toBeGreaterThanOrEqual(0.98 * d.lpBound);
    const shifted = hot.map((x) => ({ ...x, a: x.b, b: x.a }));
    const second = await plan(wide, { kind: 'traffic', demands: shifted, timeLimitMs: 5000 }, first.crossConnects);
    expect((second.details as { method: string }).method).toBe('minimal-rewiring');
  }, 30_000);

  it('rejects an infeasible slice with exit 1 and the rule in a JSON error', async () => {
    const r = await run(['--fabric', 'f.json', '--intent', 'i.json'], { 'f.json': JSON.stringify(pod), 'i.json': JSON.stringify({ kind: 'slice', shape: [4, 8, 16], twisted: true }) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: 'TopologyInfeasibleError', rule: 'twist-shape' });
  });

  it('names the offending field of a bad intent', async () => {
    const r = await run(['--fabric', 'f.json', '--intent', 'i.json'], { 'f.json': JSON.stringify(pod), 'i.json': JSON.stringify({ kind: 'slice', shape: [4, 4] }) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).issues[0].path).toBe('shape');
  });

  it('generates specs and prints the schemas', async () => {
    const g = await run(['--generate', 'block-fabric', '--blocks', '4', '--uplinks', '8', '--ocs', '4', '--format', 'json'], {});
    expect(g.stderr).toBe('');
    expect(JSON.parse(g.stdout)).toEqual(generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4 }));
    const files: Record<string, string> = {};
    await run(['--schema', '--out', 'schema.json'], files);
    expect(JSON.parse(files['schema.json']).title).toBe('lightpath fabric spec v1');
    expect(JSON.parse((await run(['--intent-schema'], {})).stdout).title).toBe('lightpath topology intent v1');
  });

  describe('input bugs (issue 11 item 6): every bad input is exit 1 with a JSON error that has a kind', () => {
    const blocks = generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 8 });
    const planWith = (intent: unknown) => run(['--fabric', 'f.json', '--intent', 'i.json'], { 'f.json': JSON.stringify(blocks), 'i.json': JSON.stringify(intent) });
    const refused = (r: { code: number; stdout: string; stderr: string }) => {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      return JSON.parse(r.stderr) as Record<string, unknown> & { issues?: { path: string }[] };
    };

    it('a link count past 32 bits is refused by field, never planned as a wrapped count (2^32 + 1 gave 1 link)', async () => {
      for (const links of [4294967297, 2147483648]) {
        const e = refused(await planWith({ kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links }] }));
        expect(e).toMatchObject({ kind: 'invalid-argument', issues: [{ path: 'links[0].links' }] });
        expect(String(e.message)).not.toMatch(/-2147483648/);
      }
    });

    it('a loopback mesh (block-0 -> block-0) is refused with rule no-loopback', async () => {
      expect(refused(await planWith({ kind: 'mesh', links: [{ a: 'block-0', b: 'block-0', links: 1 }] }))).toMatchObject({ kind: 'invalid-argument', rule: 'no-loopback' });
    });

    it('an absurd traffic demand (1e308) is refused with the rule, not planned with objective 0', async () => {
      const huge = refused(await planWith({ kind: 'traffic', demands: [{ a: 'block-0', b: 'block-1', demand: 1e308 }] }));
      expect(huge).toMatchObject({ kind: 'invalid-argument', issues: [{ path: 'demands[0].demand' }] });
      expect(String(huge.message)).toMatch(/at most 1000000000000000/);
      const ratio = refused(await planWith({ kind: 'traffic', demands: [{ a: 'block-0', b: 'block-1', demand: 1e12 }], linkCapacity: 1 }));
      expect(ratio).toMatchObject({ kind: 'invalid-argument', rule: 'demand-out-of-range' });
    });

    it('--generate cube-pod --ports-per-ocs 5000 is refused and writes nothing (the parser caps ports at 4096)', async () => {
      const files: Record<string, string> = {};
      const e = refused(await run(['--generate', 'cube-pod', '--ports-per-ocs', '5000', '--out', 'pod.yaml'], files));
      expect(e).toMatchObject({ kind: 'invalid-argument' });
      expect(String(e.message)).toMatch(/portsPerOcs must be an integer from 1 to 4096/);
      expect(files).toEqual({});
    });

    it('a missing --fabric file is an invalid-argument error naming the flag, not an InternalError without a kind', async () => {
      const e = refused(await run(['--fabric', 'nope.yaml', '--intent', 'i.json'], { 'i.json': '{}' }));
      expect(e).toMatchObject({ kind: 'invalid-argument', rule: 'file-unreadable' });
      expect(String(e.message)).toMatch(/--fabric nope\.yaml/);
    });

    it('anything unexpected is still reported with kind internal', async () => {
      let stderrText = '';
      const r = await runCli(['--help'], { readFile: () => '', writeFile: () => undefined, stdout: () => { throw new Error('stdout closed'); }, stderr: (t) => (stderrText += t) });
      expect(r).toBe(1);
      expect(JSON.parse(stderrText)).toMatchObject({ error: 'InternalError', kind: 'internal', message: 'stdout closed' });
    });
  });

  it('keeps docs/topology-intent.schema.json in step with the intent schema', () => {
    const file = resolve(__dirname, '../../../docs/topology-intent.schema.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(intentJsonSchema());
  });
});
