import { z } from 'zod';

export interface HostPort {
  host: string;
  port: number;
}

/**
 * Where a process's Redis is: one server (REDIS_URL), a primary found through Sentinels
 * (REDIS_SENTINELS), or a Redis Cluster (REDIS_CLUSTER_NODES). docs/deploy.md describes the layouts.
 */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string }
  | { kind: 'cluster'; nodes: HostPort[] };

const HOST_PORT = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/;

/** `host:port,host:port` -> HostPort[]; every bad entry is named, with an example of a good one. */
export function hostPortList(variable: string) {
  return z
    .string()
    .transform((s, ctx) => {
      const entries = s.split(',').map((x) => x.trim()).filter(Boolean);
      if (entries.length === 0) ctx.addIssue({ code: 'custom', message: `${variable} is empty: list host:port entries separated by commas, e.g. 10.0.0.1:7000,10.0.0.2:7000` });
      const parsed: HostPort[] = [];
      for (const entry of entries) {
        const m = HOST_PORT.exec(entry);
        const port = m ? Number(m[2]) : 0;
        if (!m || port < 1 || port > 65535) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not host:port (e.g. 10.0.0.1:7000); ${variable} is a comma-separated list of them` });
          continue;
        }
        parsed.push({ host: m[1].replace(/^\[|\]$/g, ''), port });
      }
      if (new Set(entries).size !== entries.length) ctx.addIssue({ code: 'custom', message: `${variable} lists a node twice` });
      return parsed;
    });
}

/**
 * The Redis part of an app's configuration (house rule: validated once at start). At most one of
 * REDIS_SENTINELS and REDIS_CLUSTER_NODES; with neither, REDIS_URL.
 */
export const RedisTargetEnvSchema = z.object({
  REDIS_URL: z.string().url().default('redis://127.0.0.1:16379'),
  /** Sentinels to ask for the current primary: host:port,... (REDIS_URL is then ignored). */
  REDIS_SENTINELS: hostPortList('REDIS_SENTINELS').optional(),
  /** The primary's name in the Sentinels' configuration (`sentinel monitor <name> ...`). */
  REDIS_SENTINEL_NAME: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).default('lightpath'),
  /** Seed nodes of a Redis Cluster: host:port,... (REDIS_URL is then ignored). */
  REDIS_CLUSTER_NODES: hostPortList('REDIS_CLUSTER_NODES').optional(),
});

export type RedisTargetEnv = z.infer<typeof RedisTargetEnvSchema>;

/** The refinement an app's schema applies after its object: both HA modes at once is a mistake. */
export const ONE_REDIS_MODE = {
  check: (c: Pick<RedisTargetEnv, 'REDIS_SENTINELS' | 'REDIS_CLUSTER_NODES'>) => !(c.REDIS_SENTINELS && c.REDIS_CLUSTER_NODES),
  issue: { path: ['REDIS_CLUSTER_NODES'], message: 'set either REDIS_SENTINELS (a primary with replicas) or REDIS_CLUSTER_NODES (a Redis Cluster), not both' },
};

export function redisTarget(c: RedisTargetEnv): RedisTarget {
  if (c.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: c.REDIS_CLUSTER_NODES };
  if (c.REDIS_SENTINELS) return { kind: 'sentinel', sentinels: c.REDIS_SENTINELS, name: c.REDIS_SENTINEL_NAME };
  return { kind: 'single', url: c.REDIS_URL };
}

/** For logs: where this process keeps its state, without credentials. */
export function describeRedisTarget(t: RedisTarget): string {
  const list = (xs: HostPort[]) => xs.map((x) => `${x.host}:${x.port}`).join(',');
  if (t.kind === 'cluster') return `redis cluster via ${list(t.nodes)}`;
  if (t.kind === 'sentinel') return `redis primary "${t.name}" via sentinels ${list(t.sentinels)}`;
  const u = new URL(t.url);
  return `redis ${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}
