import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';

const ROOT = resolve(__dirname, '../..');

/** Runs the README's demo command (deploy/demo.sh) on the suite's servers, isolated by fabric, prefix, ports and run dir. */
function runDemo(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((res) => {
    const child = spawn('bash', [resolve(ROOT, 'deploy/demo.sh')], {
      cwd: ROOT,
      env: { ...process.env, KAFKA_BROKERS: inject('kafkaBrokers'), REDIS_URL: inject('redisUrl'), DEMO_EXIT_AFTER_START: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => res({ code, out }));
  });
}

/** An API port whose agent ports (API + 101, + 102) and switch-sim ports (+ 200..203: deploy/demo.sh) are free too. */
async function demoPort(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((ok) => {
      const s = createServer()
        .once('error', () => ok(false))
        .listen(port, '127.0.0.1', () => s.close(() => ok(true)));
    });
  for (;;) {
    const p = 20_000 + Math.floor(Math.random() * 10_000);
    if ((await Promise.all([p, p + 101, p + 102, p + 200, p + 201, p + 202, p + 203].map(free))).every(Boolean)) return p;
  }
}

describe('the demo script (deploy/demo.sh) on the real servers', () => {
  const dirs: string[] = [];
  const isolated = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightpath-demo-'));
    dirs.push(dir);
    const name = uniqueName('demo');
    return { LIGHTPATH_RUN: dir, FABRIC: name, KAFKA_TOPIC_PREFIX: name, ORCH_HTTP_PORT: String(await demoPort()), DEMO_SWITCHES: '2' };
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("item 13: the demo keeps the caller's API_TOKENS beside its own admin and lists every token without printing the caller's", async () => {
    const secret = `viewer-${randomBytes(12).toString('hex')}`;
    const { code, out } = await runDemo({ ...(await isolated()), API_TOKENS: `ops-viewer:viewer:team-v:${secret}` });
    expect(code, out.slice(-3000)).toBe(0);
    expect(out).toMatch(/lightpath demo fabric is up/);
    expect(out).toMatch(/ops-viewer\s+viewer\s+team-v/);
    expect(out).toMatch(/demo-admin\s+admin\s+demo/);
    expect(out).not.toContain(secret);
  }, 300_000);

  it('DEMO_DRIVERS=mixed: one switch per protocol (TL1, NETCONF, gNMI) against switch-sim beside a simulated one, each taking a cross-connect through the same API', async () => {
    const { code, out } = await runDemo({ ...(await isolated()), DEMO_SWITCHES: '4', DEMO_DRIVERS: 'mixed' });
    expect(code, out.slice(-3000)).toBe(0);
    expect(out).toMatch(/smoke check passed: a cross-connect applied and removed on each of (ocs-\d, ){3}ocs-\d/);
    for (const [id, protocol] of [['ocs-1', 'tl1'], ['ocs-2', 'netconf'], ['ocs-3', 'gnmi']]) expect(out).toMatch(new RegExp(`Remote\\s+${id} over ${protocol}://127\\.0\\.0\\.1:\\d+`));
    expect(out).not.toMatch(/Remote\s+ocs-0/);
  }, 300_000);

  it('item 14: when a process exits, the demo names it (pid, exit code, switches) and shows the end of its own log', async () => {
    // 2000 ports per side is beyond what an agent accepts (AGENT_PORTS <= 1024): every agent exits at start.
    const { code, out } = await runDemo({ ...(await isolated()), DEMO_PORTS: '2000' });
    expect(code).not.toBe(0);
    expect(out).toMatch(/\[demo\] agent \d \(pid \d+, serving ocs-\d\) exited with code [1-9]/);
    expect(out).toMatch(/---- last 40 lines of .*agent-\d\.log ----/);
    expect(out).toMatch(/AGENT_PORTS/);
    expect(out).not.toMatch(/lightpath demo fabric is up/);
  }, 300_000);
});
