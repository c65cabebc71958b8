import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { generateCubePod, type FabricSpec } from '@lightpath/topology';
import { startApp, waitFor, type AppProcess } from '@lightpath/testing';

/** One benchmark's isolated fabric on the shared broker and Redis: its own keys, topics and token. */
export interface BenchEnv {
  name: string;
  token: string;
  stateDir: string;
  env: Record<string, string>;
}

/** `role`: the benchmark's one caller gets the least role it needs (admin when it stores a fabric spec). */
export function benchEnv(label: string, extra: Record<string, string> = {}, role: 'operator' | 'admin' = 'admin'): BenchEnv {
  const name = `bench-${label}-${Date.now().toString(36)}`;
  const token = `bench-${randomBytes(12).toString('hex')}`;
  const stateDir = `.run/bench/${name}`;
  mkdirSync(stateDir, { recursive: true });
  return {
    name,
    token,
    stateDir,
    env: {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:16379',
      FABRIC: name,
      KAFKA_TOPIC_PREFIX: name,
      LOG_LEVEL: 'info',
      API_TOKENS: `bench:${role}:bench:${token}`,
      // One caller polling every millisecond must never meet the per-token limit.
      RATE_LIMIT_REQUESTS: '10000000',
      RATE_LIMIT_READ_REQUESTS: '10000000',
      ...extra,
    },
  };
}

export type Http = <T>(method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: T }>;

/** A JSON client that authenticates as the benchmark's caller. */
export function httpAs(token: string): Http {
  return async <T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
}

export interface Pod {
  spec: FabricSpec;
  orchestrator: AppProcess;
  /** The agent processes, each serving its share of the 48 switches. */
  agents: AppProcess[];
  api: string;
  /** Stops the orchestrator and every agent. */
  stop(): Promise<void>;
}

/**
 * A full TPU-v4-style pod (64 cubes, 48 OCS of 136 ports): one orchestrator, `agents` agent
 * processes (default 1) sharing the 48 simulated switches evenly, and the pod's fabric spec stored.
 */
export async function startPod(bench: BenchEnv, http: Http, { agents = 1 }: { agents?: number } = {}): Promise<Pod> {
  const spec = generateCubePod();
  const switchIds = spec.switches.map((s) => s.id);
  const orchestrator = await startApp('orchestrator', { ...bench.env, ORCH_HTTP_PORT: '0', ORCH_ID: 'bench' }, 'orchestrator ready');
  const started: AppProcess[] = [];
  const stop = async () => void (await Promise.all([orchestrator.stop(), ...started.map((a) => a.stop())]));
  try {
    const per = Math.ceil(switchIds.length / agents);
    for (let i = 0; i < agents; i++) {
      const mine = switchIds.slice(i * per, (i + 1) * per);
      if (mine.length === 0) break;
      started.push(
        await startApp(
          'switch-agent',
          { ...bench.env, AGENT_ID: `bench-pod-${i}`, AGENT_SWITCHES: mine.join(','), AGENT_PORTS: '136', AGENT_HTTP_PORT: '0', AGENT_STATE_DIR: bench.stateDir },
          'switch agent ready',
        ),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const api = orchestrator.url;
  await waitFor('48 switches to register', async () => (await http<{ switches: unknown[] }>('GET', `${api}/v1/switches`)).body.switches.length === 48, {
    timeoutMs: 60_000,
  });
  const put = await http('PUT', `${api}/v1/fabric`, spec);
  if (put.status !== 200) throw new Error(`PUT /v1/fabric answered ${put.status}: ${JSON.stringify(put.body)}`);
  return { spec, orchestrator, agents: started, api, stop };
}
