import Redis from 'ioredis';
import type { HostPort, RedisTarget } from './redis-target';

/** A Redis layout that cannot work as configured: the message is the one line an operator reads. */
export class RedisMisconfiguredError extends Error {
  override readonly name = 'RedisMisconfiguredError';
}

export interface PreflightResult {
  /** Nodes that did not answer (they may come up later: the client keeps trying, readiness says false). */
  unreachable: string[];
}

/**
 * Checked once at start, before the first command: a REDIS_CLUSTER_NODES list that names servers
 * without cluster mode, or REDIS_SENTINELS that are no Sentinels or do not know REDIS_SENTINEL_NAME,
 * would otherwise show up as endless retries. Nodes that do not answer are only reported.
 */
export async function preflightRedis(target: RedisTarget, timeoutMs = 2_000): Promise<PreflightResult> {
  if (target.kind === 'single') return { unreachable: [] };
  const nodes = target.kind === 'cluster' ? target.nodes : target.sentinels;
  const answers = await Promise.all(nodes.map((n) => ask(n, target, timeoutMs)));
  const unreachable: string[] = [];
  let usable = 0;
  let unaware = 0;
  for (const [i, answer] of answers.entries()) {
    const at = `${nodes[i].host}:${nodes[i].port}`;
    if (answer.kind === 'unreachable') unreachable.push(`${at} (${answer.why})`);
    else if (answer.kind === 'ok') usable++;
    else if (answer.kind === 'unknown-name') unaware++;
    else throw new RedisMisconfiguredError(misconfigured(target, at, answer.reply));
  }
  if (target.kind === 'sentinel' && usable === 0 && unaware > 0) {
    throw new RedisMisconfiguredError(`REDIS_SENTINELS: no Sentinel that answers knows a primary named "${target.name}"; set REDIS_SENTINEL_NAME to the name in their "sentinel monitor" line`);
  }
  return { unreachable };
}

type Answer = { kind: 'ok' } | { kind: 'unknown-name' } | { kind: 'unreachable'; why: string } | { kind: 'wrong'; reply: string };

async function ask(node: HostPort, target: RedisTarget, timeoutMs: number): Promise<Answer> {
  const client = new Redis({
    host: node.host,
    port: node.port,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    return { kind: 'unreachable', why: (err as Error).message };
  }
  try {
    if (target.kind === 'cluster') {
      const info = String(await client.call('CLUSTER', 'INFO'));
      return /cluster_state:ok/.test(info) ? { kind: 'ok' } : { kind: 'wrong', reply: info.split('\r\n')[0] };
    }
    const addr = (await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', target.kind === 'sentinel' ? target.name : '')) as string[] | null;
    return addr ? { kind: 'ok' } : { kind: 'unknown-name' };
  } catch (err) {
    return { kind: 'wrong', reply: (err as Error).message };
  } finally {
    client.disconnect();
  }
}

function misconfigured(target: RedisTarget, at: string, reply: string): string {
  if (target.kind === 'cluster') {
    if (/cluster support disabled/i.test(reply)) {
      return `REDIS_CLUSTER_NODES: ${at} is a Redis without cluster mode (cluster support disabled); list the nodes of a Redis Cluster, or use REDIS_URL for a single server or REDIS_SENTINELS for a primary with replicas`;
    }
    return `REDIS_CLUSTER_NODES: ${at} is in a Redis Cluster that is not serving (${reply.trim()}); every slot needs a primary (redis-cli --cluster check ${at})`;
  }
  return `REDIS_SENTINELS: ${at} is not a Redis Sentinel (${reply.trim()}); list the Sentinels' addresses, or use REDIS_URL for a single server`;
}
