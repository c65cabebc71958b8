import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FABRIC_SPEC_EXAMPLE } from '../../apps/orchestrator/src/topologies/topology-examples';
import { awaitSwitches, request } from '../support/api';
import { ADMIN_TOKEN, createFabric, type Fabric } from '../support/fabric-harness';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const VIEWER_TOKEN = `e2e-viewer-${randomBytes(16).toString('hex')}`;

/**
 * What the fuzzer checks on every answer. positive_data_acceptance is left out on purpose: a body
 * the schema allows may still be refused by the fabric as it is (port 500 on a 136-port switch, an
 * endpoint the spec lacks), and those 400/422 answers are right.
 */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'negative_data_rejection',
  'missing_required_header',
  'unsupported_method',
  'allow_header_conformance',
  'ignored_auth',
].join(',');

interface FuzzReport {
  exit_code: number;
  operations: { tested: number };
  test_cases: { generated: number };
  failures: { code: string; title: string; count: number; operations: string[] }[];
  errors: unknown[];
}

/**
 * Issue 7, "API fuzz in the suite" and item 12: schemathesis (pinned, installed by deploy/fuzz.sh
 * into a venv under the cache) runs against the OpenAPI document a live orchestrator serves, as an
 * admin (every mutation is tried: they act on the simulated switches of this test's throwaway
 * fabric) and as a viewer (every mutation must be a documented 403). /v1/events is an endless
 * stream and is left to watch.test.ts. Examples per operation are bounded so a run takes a few
 * minutes on 2 cores; the seed is fixed so a failure reproduces.
 */
describe('API fuzz: the orchestrator answers as its OpenAPI document says', () => {
  let fabric: Fabric;
  let api: string;
  let schemathesis: string;
  const workDir = resolve(ROOT, `.run/api-fuzz-${randomBytes(3).toString('hex')}`);

  beforeAll(async () => {
    schemathesis = (await run('bash', [resolve(ROOT, 'deploy/fuzz.sh'), 'path'], { cwd: ROOT, timeout: 600_000 })).stdout.trim();
    fabric = await createFabric('fuzz', { API_TOKENS: `e2e-admin:admin:e2e:${ADMIN_TOKEN},fuzz-viewer:viewer:e2e:${VIEWER_TOKEN}` });
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-fuzz', ['ocs-1', 'ocs-2']);
    await awaitSwitches(api, ['ocs-1', 'ocs-2']);
    // Data for the examples phase to find: a spec, and a topology under the name the document's
    // example uses, so GET /v1/topologies/{name} answers 200 and its response schema is checked too.
    await request(api).put('/v1/fabric').send(FABRIC_SPEC_EXAMPLE).expect(200);
    await request(api)
      .post('/v1/topologies/job-42-slice/plan')
      .send({ intent: { kind: 'mesh', links: [{ a: 'block-0', b: 'block-1', links: 1 }] } })
      .expect(200);
    mkdirSync(workDir, { recursive: true });
  }, 900_000);
  afterAll(async () => {
    await fabric?.stopAll();
    if (fabric) rmSync(fabric.stateDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  /** One schemathesis run; resolves with its JSON report, whatever its exit status. */
  async function fuzz(label: string, token: string, maxExamples: number): Promise<FuzzReport> {
    const reportPath = resolve(workDir, `${label}.json`);
    const args = [
      'run',
      `${api}/openapi.json`,
      '--header',
      `Authorization: Bearer ${token}`,
      '--exclude-path',
      '/v1/events',
      '--checks',
      CHECKS,
      '--max-examples',
      String(maxExamples),
      '--seed',
      '7',
      '--workers',
      '1',
      '--generation-database',
      'none',
      '--no-color',
      '--report',
      'json',
      '--report-json-path',
      reportPath,
    ];
    let output = '';
    try {
      // cwd: schemathesis keeps its replay files in ./.schemathesis, which belongs in .run, not in the repository.
      output = (await run(schemathesis, args, { cwd: workDir, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    let report: FuzzReport;
    try {
      report = JSON.parse(readFileSync(reportPath, 'utf8')) as FuzzReport;
    } catch {
      throw new Error(`schemathesis (${label}) wrote no report:\n${output.slice(-4000)}`);
    }
    const failures = report.failures.map((f) => `${f.code} ${f.title} (${f.count}): ${f.operations.join(', ')}`);
    // The failures by name, and schemathesis's own account of them (each with a curl to reproduce).
    if (failures.length > 0 || report.errors.length > 0 || report.exit_code !== 0) {
      throw new Error(`schemathesis (${label}) found:\n${failures.join('\n')}\nerrors: ${JSON.stringify(report.errors)}\n\n${output.slice(-12_000)}`);
    }
    return report;
  }

  it('item 12: the OpenAPI document matches the behaviour (schemathesis)', async () => {
    // What the probe found first, asked directly: a known path answers an unsupported method 405 with Allow.
    const trace = await request(api).trace('/v1/switches').expect(405);
    expect(trace.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(trace.body).toMatchObject({ statusCode: 405, code: 'METHOD_NOT_ALLOWED' });
    const concrete = await request(api).delete('/v1/switches/ocs-1/cross-connects/delete').expect(405);
    expect(concrete.headers.allow).toBe('OPTIONS, POST');
    await request(api).trace('/v1/no-such-thing').expect(404);

    const admin = await fuzz('admin', ADMIN_TOKEN, 15);
    expect(admin.operations.tested).toBeGreaterThan(25);
    expect(admin.test_cases.generated).toBeGreaterThan(500);
    const viewer = await fuzz('viewer', VIEWER_TOKEN, 5);
    expect(viewer.operations.tested).toBeGreaterThan(25);
  }, 900_000);
});
