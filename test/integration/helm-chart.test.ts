import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CHART = resolve(ROOT, 'deploy/helm/lightpath');

/** deploy/helm-check.sh: helm lint, helm template and kubernetes-validate; resolves with stdout (kinds rendered), or rejects with stderr. */
function helmCheck(...args: string[]): Promise<string> {
  return new Promise((res, rej) =>
    execFile('bash', [resolve(ROOT, 'deploy/helm-check.sh'), ...args], { cwd: ROOT, maxBuffer: 32 << 20, timeout: 600_000 }, (err, out, stderr) =>
      err ? rej(new Error(`${err.message}\n${stderr}`)) : res(out),
    ),
  );
}

const kinds = (out: string) => Object.fromEntries(out.trim().split('\n').map((l) => l.trim().split(/\s+kind: /)).map(([n, k]) => [k, Number(n)]));

describe('Helm chart deploy/helm/lightpath: lint, render and validate against the Kubernetes schemas', () => {
  it('the defaults render an orchestrator Deployment with a PDB, Service, ServiceMonitor, NetworkPolicies, Secret and the agents StatefulSet', async () => {
    expect(kinds(await helmCheck('check'))).toEqual({
      ConfigMap: 1,
      Deployment: 1,
      NetworkPolicy: 2,
      PodDisruptionBudget: 1,
      Secret: 1,
      Service: 2,
      ServiceMonitor: 1,
      StatefulSet: 1,
    });
  }, 900_000);

  it('the example for an external Strimzi Kafka and Redis with Sentinel renders and validates (auth from an existing Secret)', async () => {
    const out = kinds(await helmCheck('check', resolve(CHART, 'values-ha-example.yaml')));
    expect(out.Secret).toBeUndefined();
    expect(out.StatefulSet).toBe(1);
  }, 300_000);

  it('Redis Cluster mode and plain single-server mode render too', async () => {
    await helmCheck('check', '--set', 'redis.mode=cluster', '--set', 'redis.clusterNodes={redis-0:6379,redis-1:6379,redis-2:6379}');
    await helmCheck('check', '--set', 'redis.mode=single', '--set', 'serviceMonitor.enabled=false', '--set', 'networkPolicy.enabled=false');
  }, 300_000);

  it('refuses, naming the value, a single orchestrator replica or an unknown Redis mode', async () => {
    await expect(helmCheck('check', '--set', 'orchestrator.replicas=1')).rejects.toThrow(/orchestrator\.replicas must be at least 2/);
    await expect(helmCheck('check', '--set', 'redis.mode=memcached')).rejects.toThrow(/redis\.mode must be single, sentinel or cluster/);
  }, 300_000);
});
