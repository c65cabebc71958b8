import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ONE_REDIS_MODE, RedisTargetEnvSchema, describeRedisTarget, redisTarget } from './redis-target';

const Schema = RedisTargetEnvSchema.refine(ONE_REDIS_MODE.check, ONE_REDIS_MODE.issue);
const problems = (env: Record<string, string>) => {
  const parsed = Schema.safeParse(env);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('Redis target from the environment', () => {
  it('is REDIS_URL alone by default', () => {
    expect(redisTarget(Schema.parse({}))).toEqual({ kind: 'single', url: 'redis://127.0.0.1:16379' });
  });

  it('is Sentinel mode when REDIS_SENTINELS is set, with the primary name from REDIS_SENTINEL_NAME', () => {
    const t = redisTarget(Schema.parse({ REDIS_SENTINELS: '127.0.0.1:26379, 10.0.0.2:26380', REDIS_SENTINEL_NAME: 'ocs' }));
    expect(t).toEqual({ kind: 'sentinel', name: 'ocs', sentinels: [{ host: '127.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26380 }] });
    expect(describeRedisTarget(t)).toBe('redis primary "ocs" via sentinels 127.0.0.1:26379,10.0.0.2:26380');
  });

  it('is Cluster mode when REDIS_CLUSTER_NODES is set (host names and IPv6 too)', () => {
    const t = redisTarget(Schema.parse({ REDIS_CLUSTER_NODES: 'redis-0.redis:6379,[::1]:7000' }));
    expect(t).toEqual({ kind: 'cluster', nodes: [{ host: 'redis-0.redis', port: 6379 }, { host: '::1', port: 7000 }] });
  });

  it('names every bad REDIS_CLUSTER_NODES entry in one line each, with an example of a good one', () => {
    expect(problems({ REDIS_CLUSTER_NODES: '127.0.0.1,127.0.0.1:99999' })).toEqual([
      'REDIS_CLUSTER_NODES: "127.0.0.1" is not host:port (e.g. 10.0.0.1:7000); REDIS_CLUSTER_NODES is a comma-separated list of them',
      'REDIS_CLUSTER_NODES: "127.0.0.1:99999" is not host:port (e.g. 10.0.0.1:7000); REDIS_CLUSTER_NODES is a comma-separated list of them',
    ]);
    expect(problems({ REDIS_CLUSTER_NODES: ' , ' })[0]).toMatch(/REDIS_CLUSTER_NODES is empty/);
    expect(problems({ REDIS_CLUSTER_NODES: 'a:1,a:1' })).toEqual(['REDIS_CLUSTER_NODES: REDIS_CLUSTER_NODES lists a node twice']);
  });

  it('refuses Sentinel and Cluster mode at once', () => {
    expect(problems({ REDIS_SENTINELS: 'a:1', REDIS_CLUSTER_NODES: 'b:2' })).toEqual([
      'REDIS_CLUSTER_NODES: set either REDIS_SENTINELS (a primary with replicas) or REDIS_CLUSTER_NODES (a Redis Cluster), not both',
    ]);
  });

  it('never logs a password in the URL', () => {
    expect(describeRedisTarget({ kind: 'single', url: 'redis://user:secret@10.0.0.1:6379/2' })).toBe('redis 10.0.0.1:6379/2');
    expect(z.string().parse(describeRedisTarget({ kind: 'single', url: 'redis://:pw@h:1' }))).not.toMatch(/pw/);
  });
});
