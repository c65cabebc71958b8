import { inject } from 'vitest';
import { startApp, type AppProcess } from '@lightpath/testing';
import { uniqueName } from './unique';

export interface Fabric {
  fabric: string;
  prefix: string;
  stateDir: string;
  env: Record<string, string>;
  orchestrator: AppProcess;
  agents: AppProcess[];
  startOrchestrator(extra?: Record<string, string>): Promise<AppProcess>;
  startAgent(agentId: string, switches: string[], extra?: Record<string, string>): Promise<AppProcess>;
  stopAll(): Promise<void>;
}

/**
 * One isolated fabric per test file: its own Redis key space (FABRIC), its own Kafka topics
 * (KAFKA_TOPIC_PREFIX) and agent state directory, on the shared real broker and redis-server.
 */
export async function createFabric(label: string, orchestratorEnv: Record<string, string> = {}): Promise<Fabric> {
  const name = uniqueName(label);
  const env = {
    KAFKA_BROKERS: inject('kafkaBrokers'),
    REDIS_URL: inject('redisUrl'),
    FABRIC: name,
    KAFKA_TOPIC_PREFIX: name,
  };
  const stateDir = `.run/test-agents/${name}`;
  const fabric: Fabric = {
    fabric: name,
    prefix: name,
    stateDir,
    env,
    orchestrator: undefined as unknown as AppProcess,
    agents: [],
    async startOrchestrator(extra = {}) {
      fabric.orchestrator = await startApp('orchestrator', { ...env, ORCH_HTTP_PORT: '0', ...orchestratorEnv, ...extra }, 'orchestrator ready');
      return fabric.orchestrator;
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
      return agent;
    },
    async stopAll() {
      await Promise.all([...fabric.agents.map((a) => a.stop()), fabric.orchestrator?.stop()]);
    },
  };
  await fabric.startOrchestrator();
  return fabric;
}
