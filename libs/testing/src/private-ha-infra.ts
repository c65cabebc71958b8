import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { alive, freePort, portOpen, run, signal } from './private-infra';
import { repoRoot } from './repo-root';
import { waitFor } from './wait-for';

/**
 * High-availability layouts of a test's own (docs/deploy.md), on free loopback ports, started
 * through deploy/infra-ha.sh as `npm run demo:ha` starts them: three Kafka brokers, a Redis primary
 * with two replicas and three Sentinels, or a six-node Redis Cluster. Tests kill and restart their
 * nodes one by one; the shared servers are never touched.
 */
export interface PrivateNode {
  /** `kafka-1`, `redis-2`, `sentinel-3`, `cluster-4`... as in deploy/infra-ha.sh's data directories. */
  readonly name: string;
  readonly port: number;
  pid(): number | undefined;
  /** SIGKILL: nothing flushed; resolves when the port is closed. */
  kill(): Promise<void>;
  /** SIGTERM, as an operator's restart. */
  stop(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Starts it again on the same port and data (the script starts every node of its part that does not answer). */
  start(): Promise<void>;
  /** Redis nodes: the role the node reports itself (ROLE's first line: master, slave, sentinel), or undefined if it does not answer. */
  role(): Promise<string | undefined>;
}

export interface PrivateLayout {
  readonly part: 'kafka' | 'sentinel' | 'cluster';
  /** What an app needs: KAFKA_BROKERS; REDIS_SENTINELS + REDIS_SENTINEL_NAME; or REDIS_CLUSTER_NODES. */
  readonly env: Record<string, string>;
  readonly nodes: PrivateNode[];
  node(name: string): PrivateNode;
  /** Sentinel layouts: the node the Sentinels name as primary now (asked with redis-cli). */
  primary(): Promise<PrivateNode>;
  /**
   * Sentinel layouts: resolves once the layout is at rest (every Sentinel names the same primary
   * and flags it with nothing but `master`, that node reports itself master and has a replica
   * online), and the primary it settled on. A restarted node or Sentinel can set off a failover of
   * its own a moment later (Sentinels that saw the primary down while they had no quorum); a test
   * that checks its invariants over the API waits for this first, or a read races that failover.
   */
  settled(timeoutMs?: number): Promise<PrivateNode>;
  /** Stop every node for good and delete the data (afterAll). */
  dispose(): Promise<void>;
}

const ROOT = repoRoot(__dirname);
const live = new Set<PrivateLayout>();

process.once('exit', () => {
  for (const layout of live) for (const node of layout.nodes) {
    const pid = node.pid();
    if (pid) signal(pid, 'SIGKILL');
  }
});

/** Three KRaft brokers (each also a controller), topics at replication factor 3, min.insync.replicas=2. */
export function startPrivateKafkaCluster(name: string): Promise<PrivateLayout> {
  return startLayout('kafka', name);
}

/** A Redis primary, two replicas and three Sentinels (quorum 2), AOF everywhere. */
export function startPrivateRedisSentinel(name: string): Promise<PrivateLayout> {
  return startLayout('sentinel', name);
}

/** A Redis Cluster of three primaries and three replicas (redis-cli --cluster create). */
export function startPrivateRedisCluster(name: string): Promise<PrivateLayout> {
  return startLayout('cluster', name);
}

const list = (ports: number[]) => ports.join(',');
const addresses = (ports: number[]) => ports.map((p) => `127.0.0.1:${p}`).join(',');

async function ports(n: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < n) {
    const p = await freePort();
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

async function startLayout(part: PrivateLayout['part'], name: string): Promise<PrivateLayout> {
  const dir = resolve(ROOT, '.run/private', `${name}-${part}-${process.pid}`);
  const [kafka, controllers, redis, sentinels, cluster] = [await ports(3), await ports(3), await ports(3), await ports(3), await ports(6)];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LIGHTPATH_RUN: dir,
    LIGHTPATH_CACHE: process.env.LIGHTPATH_CACHE ?? resolve(ROOT, '.cache'),
    LIGHTPATH_HA_KAFKA_PORTS: list(kafka),
    LIGHTPATH_HA_CONTROLLER_PORTS: list(controllers),
    LIGHTPATH_HA_REDIS_PORTS: list(redis),
    LIGHTPATH_HA_SENTINEL_PORTS: list(sentinels),
    LIGHTPATH_HA_CLUSTER_PORTS: list(cluster),
  };
  const script = resolve(ROOT, 'deploy/infra-ha.sh');
  const up = () => run(script, ['up', part], env);
  const pidOf = (file: string) => (): number | undefined => {
    if (!existsSync(file)) return undefined;
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const makeNode = (nodeName: string, port: number, pidFile: string): PrivateNode => {
    const pid = pidOf(resolve(dir, 'ha', nodeName, pidFile));
    const sendAndWait = async (sig: NodeJS.Signals) => {
      const p = pid();
      if (p === undefined || !alive(p)) return;
      signal(p, 'SIGCONT');
      signal(p, sig);
      await waitFor(`${nodeName} (pid ${p}) to exit after ${sig}`, () => !alive(p), { timeoutMs: 60_000 });
      await waitFor(`${nodeName} on ${port} to close`, async () => !(await portOpen(port)), { timeoutMs: 60_000 });
    };
    return {
      name: nodeName,
      port,
      pid,
      kill: () => sendAndWait('SIGKILL'),
      stop: () => sendAndWait('SIGTERM'),
      pause: async () => void (pid() && signal(pid()!, 'SIGSTOP')),
      resume: async () => void (pid() && signal(pid()!, 'SIGCONT')),
      start: up,
      role: async () => (await redisCli(port, 'ROLE').catch(() => '')).split('\n')[0] || undefined,
    };
  };
  let nodes: PrivateNode[];
  let appEnv: Record<string, string>;
  if (part === 'kafka') {
    nodes = kafka.map((p, i) => makeNode(`kafka-${i + 1}`, p, 'kafka.pid'));
    appEnv = { KAFKA_BROKERS: addresses(kafka), KAFKA_IDEMPOTENT: 'true' };
  } else if (part === 'sentinel') {
    nodes = [...redis.map((p, i) => makeNode(`redis-${i + 1}`, p, 'redis.pid')), ...sentinels.map((p, i) => makeNode(`sentinel-${i + 1}`, p, 'sentinel.pid'))];
    appEnv = { REDIS_SENTINELS: addresses(sentinels), REDIS_SENTINEL_NAME: 'lightpath' };
  } else {
    nodes = cluster.map((p, i) => makeNode(`cluster-${i + 1}`, p, 'redis.pid'));
    appEnv = { REDIS_CLUSTER_NODES: addresses(cluster) };
  }
  const layout: PrivateLayout = {
    part,
    env: appEnv,
    nodes,
    node: (n) => {
      const found = nodes.find((x) => x.name === n);
      if (!found) throw new Error(`testing/private-ha-infra: no node ${n} in the ${part} layout (${nodes.map((x) => x.name).join(', ')})`);
      return found;
    },
    primary: async () => {
      for (const p of sentinels) {
        const reply = await redisCli(p, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'lightpath').catch(() => '');
        const port = Number(reply.split('\n')[1]);
        const found = nodes.find((n) => n.port === port && n.name.startsWith('redis-'));
        if (found) return found;
      }
      throw new Error(`testing/private-ha-infra: no Sentinel of the ${part} layout names a primary`);
    },
    settled: async (timeoutMs = 60_000) => {
      let why = '';
      return waitFor<PrivateNode>(
        `the Sentinels to settle on one primary`,
        async () => {
          const seen: { port: number; flags: string; replicas: number }[] = [];
          for (const p of sentinels) {
            const fields = (await redisCli(p, 'SENTINEL', 'MASTER', 'lightpath').catch(() => '')).split('\n');
            const field = (k: string) => fields[fields.indexOf(k) + 1];
            if (!fields.includes('port')) return void (why = `sentinel on ${p} does not answer`);
            seen.push({ port: Number(field('port')), flags: field('flags'), replicas: Number(field('num-slaves')) });
          }
          const primary = nodes.find((n) => n.port === seen[0].port && n.name.startsWith('redis-'));
          if (!primary || seen.some((s) => s.port !== seen[0].port)) return void (why = `Sentinels name different primaries (${seen.map((s) => s.port).join(', ')})`);
          const notAtRest = seen.find((s) => s.flags !== 'master');
          if (notAtRest) return void (why = `a Sentinel flags the primary ${notAtRest.flags}`);
          const role = (await redisCli(primary.port, 'ROLE').catch(() => '')).split('\n');
          if (role[0] !== 'master') return void (why = `${primary.name} reports ${role[0] || 'nothing'}`);
          // ROLE on a primary: master, offset, then each replica's ip, port and offset.
          if (role.length < 5) return void (why = `${primary.name} has no replica online`);
          return primary;
        },
        { timeoutMs, intervalMs: 200 },
      ).catch((err: Error) => {
        throw new Error(`${err.message}: ${why}`);
      });
    },
    dispose: async () => {
      for (const n of nodes) await n.resume();
      await run(script, ['down', part], env).catch(() => undefined);
      for (const n of nodes) await n.kill();
      rmSync(dir, { recursive: true, force: true });
      live.delete(layout);
    },
  };
  live.add(layout);
  await up();
  return layout;
}

function redisCli(port: number, ...args: string[]): Promise<string> {
  return new Promise((res, rej) =>
    execFile('redis-cli', ['-p', String(port), ...args], { timeout: 5_000 }, (err, out) => (err ? rej(err) : res(out.trim()))),
  );
}
