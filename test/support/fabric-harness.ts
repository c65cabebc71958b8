import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { inject } from 'vitest';
import { startApp, type AppProcess } from '@lightpath/testing';
import { uniqueName } from './unique';

/** One admin token per test file: every orchestrator the harness starts accepts it (docs/api.md). */
export const ADMIN_TOKEN = `e2e-admin-${randomBytes(16).toString('hex')}`;

/** Generous limit: polling loops at 25 ms must not meet it, except where a test sets its own. */
const TEST_AUTH_ENV = { API_TOKENS: `e2e-admin:admin:e2e:${ADMIN_TOKEN}`, RATE_LIMIT_REQUESTS: '1000000', RATE_LIMIT_READ_REQUESTS: '1000000' };

export interface Fabric {
  fabric: string;
  prefix: string;
  stateDir: string;
  env: Record<string, string>;
  /** Bearer token with role admin, configured on the orchestrator(s). */
  adminToken: string;
  orchestrator: AppProcess;
  agents: AppProcess[];
  startOrchestrator(extra?: Record<string, string>): Promise<AppProcess>;
  /** Another orchestrator replica on the same fabric (same Redis keys and topics), for HA tests. */
  startReplica(orchId: string, extra?: Record<string, string>): Promise<AppProcess>;
  startAgent(agentId: string, switches: string[], extra?: Record<string, string>): Promise<AppProcess>;
  stopAll(): Promise<void>;
}

/**
 * One isolated fabric per test file: its own Redis key space (FABRIC), its own Kafka topics
 * (KAFKA_TOPIC_PREFIX) and agent state directory, on the shared real broker and redis-server.
 */
export async function createFabric(
  label: string,
  orchestratorEnv: Record<string, string> = {},
  /**
   * A test's private servers (startPrivateKafka / startPrivateRedis) instead of the shared ones;
   * `redis`: the variables of an HA layout (REDIS_SENTINELS... or REDIS_CLUSTER_NODES) instead of REDIS_URL.
   */
  servers: { kafkaBrokers?: string; redisUrl?: string; redis?: Record<string, string>; kafka?: Record<string, string> } = {},
): Promise<Fabric> {
  orchestratorEnv = { ...TEST_AUTH_ENV, ...orchestratorEnv };
  const name = uniqueName(label);
  const env: Record<string, string> = {
    KAFKA_BROKERS: servers.kafkaBrokers ?? servers.kafka?.KAFKA_BROKERS ?? inject('kafkaBrokers'),
    ...servers.kafka,
    ...(servers.redis ?? { REDIS_URL: servers.redisUrl ?? inject('redisUrl') }),
    FABRIC: name,
    KAFKA_TOPIC_PREFIX: name,
  };
  const stateDir = `.run/test-agents/${name}`;
  const replicas: AppProcess[] = [];
  /** Every process this fabric started, by a name for its log file. */
  const named = new Map<string, AppProcess>();
  const fabric: Fabric = {
    fabric: name,
    prefix: name,
    stateDir,
    env,
    adminToken: ADMIN_TOKEN,
    orchestrator: undefined as unknown as AppProcess,
    agents: [],
    async startOrchestrator(extra = {}) {
      fabric.orchestrator = await startApp('orchestrator', { ...env, ORCH_HTTP_PORT: '0', ...orchestratorEnv, ...extra }, 'orchestrator ready');
      named.set(`orchestrator-${named.size}`, fabric.orchestrator);
      return fabric.orchestrator;
    },
    async startReplica(orchId, extra = {}) {
      const replica = await startApp(
        'orchestrator',
        { ...env, ORCH_HTTP_PORT: '0', ...orchestratorEnv, ORCH_ID: orchId, ...extra },
        'orchestrator ready',
      );
      replicas.push(replica);
      named.set(`replica-${orchId}-${named.size}`, replica);
      return replica;
    },
    async startAgent(agentId, switches, extra = {}) {
      const agent = await startApp(
        'switch-agent',
        {
          ...env,
          AGENT_ID: agentId,
          AGENT_SWITCHES: switches.join(','),
          AGENT_HTTP_PORT: '0',
          AGENT_STATE_DIR: `${stateDir}/${agentId}`,
          AGENT_HEARTBEAT_MS: '500',
          ...extra,
        },
        'switch agent ready',
      );
      fabric.agents.push(agent);
      named.set(`${agentId}-${named.size}`, agent);
      return agent;
    },
    async stopAll() {
      await Promise.all([...fabric.agents.map((a) => a.stop()), ...replicas.map((r) => r.stop()), fabric.orchestrator?.stop()]);
      keepLogs(name, named);
    },
  };
  await fabric.startOrchestrator();
  return fabric;
}

/**
 * Every process's output, kept under .run/test-logs/<fabric>/ once the file's fabric stops: when a
 * fault test fails in CI (a broker killed at the wrong moment on a busy machine), the agents' and
 * orchestrators' own account of it is what explains the failure, and it is gone with the process.
 */
function keepLogs(fabric: string, processes: Map<string, AppProcess>): void {
  const dir = `.run/test-logs/${fabric}`;
  mkdirSync(dir, { recursive: true });
  for (const [name, proc] of processes) writeFileSync(`${dir}/${name}.log`, proc.logs());
}
