/**
 * The fleet a chaos run attacks, all real processes on PRIVATE servers (never the shared ones: the
 * run kills its broker and its Redis): a KRaft broker and a redis-server with an AOF started through
 * deploy/infra.sh (@lightpath/testing private-infra), two orchestrator replicas and several agents
 * each serving two simulated switches, wired to a Jupiter-style block fabric.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fabricKeys, createRedis, type LightpathRedis } from '@lightpath/state';
import { startApp, startPrivateKafka, startPrivateRedis, type AppProcess, type PrivateServer } from '@lightpath/testing';
import type { SwitchLocation } from './fabric-reader';

export const ORCHESTRATOR_IDS = ['orch-a', 'orch-b'] as const;

export interface ChaosAgent {
  id: string;
  switches: string[];
  stateDir: string;
  process?: AppProcess;
}

export type Role = 'admin' | 'operator' | 'scheduler' | 'launcherA' | 'launcherB';

export interface FleetOptions {
  agents: number;
  switchesPerAgent: number;
  commandTimeoutMs: number;
}

export class ChaosFleet {
  readonly name = `chaos-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  readonly stateRoot = `.run/chaos/${this.name}`;
  readonly tokens: Record<Role, string> = {
    admin: token(),
    operator: token(),
    scheduler: token(),
    launcherA: token(),
    launcherB: token(),
  };
  readonly orchestrators = new Map<string, AppProcess>();
  readonly agents: ChaosAgent[] = [];
  kafka!: PrivateServer;
  redis!: PrivateServer;
  /** The checker's own read-only connection (never the orchestrators'). */
  reader!: LightpathRedis;

  constructor(readonly options: FleetOptions) {
    for (let a = 0; a < options.agents; a++) {
      const switches = Array.from({ length: options.switchesPerAgent }, (_, i) => `ocs-${a * options.switchesPerAgent + i}`);
      this.agents.push({ id: `agent-${a}`, switches, stateDir: `${this.stateRoot}/agent-${a}` });
    }
  }

  get switches(): string[] {
    return this.agents.flatMap((a) => a.switches);
  }

  get locations(): SwitchLocation[] {
    return this.agents.flatMap((a) => a.switches.map((switchId) => ({ switchId, stateDir: a.stateDir })));
  }

  env(): Record<string, string> {
    return { KAFKA_BROKERS: this.kafka.address, REDIS_URL: this.redis.address, FABRIC: this.name, KAFKA_TOPIC_PREFIX: this.name, LOG_LEVEL: 'info' };
  }

  async start(): Promise<void> {
    [this.kafka, this.redis] = await Promise.all([startPrivateKafka(this.name), startPrivateRedis(this.name)]);
    this.reader = createRedis(this.redis.address, 'chaos-checker');
    // Errors while Redis is down are expected (the run kills it); commands fail and the checker retries.
    this.reader.on('error', () => undefined);
    for (const id of ORCHESTRATOR_IDS) await this.startOrchestrator(id);
    await Promise.all(this.agents.map((_, i) => this.startAgent(i)));
  }

  async startOrchestrator(id: string): Promise<AppProcess> {
    const t = this.tokens;
    const tokens = [
      `chaos-admin:admin:ops:${t.admin}`,
      `chaos-operator:operator:ops:${t.operator}`,
      `chaos-scheduler:scheduler:ops:${t.scheduler}`,
      `chaos-launcher-a:launcher:team-a:${t.launcherA}`,
      `chaos-launcher-b:launcher:team-b:${t.launcherB}`,
    ].join(',');
    const proc = await startApp(
      'orchestrator',
      {
        ...this.env(),
        ORCH_ID: id,
        ORCH_HTTP_PORT: '0',
        API_TOKENS: tokens,
        RATE_LIMIT_REQUESTS: '10000000',
        COMMAND_TIMEOUT_MS: String(this.options.commandTimeoutMs),
        RECONCILE_INTERVAL_MS: '2000',
      },
      'orchestrator ready',
    );
    this.orchestrators.set(id, proc);
    return proc;
  }

  async startAgent(index: number): Promise<AppProcess> {
    const agent = this.agents[index];
    agent.process = await startApp(
      'switch-agent',
      {
        ...this.env(),
        AGENT_ID: agent.id,
        AGENT_SWITCHES: agent.switches.join(','),
        AGENT_PORTS: '32',
        AGENT_HTTP_PORT: '0',
        AGENT_STATE_DIR: agent.stateDir,
        AGENT_HEARTBEAT_MS: '500',
        AGENT_SNAPSHOT_MS: '5000',
      },
      'switch agent ready',
    );
    return agent.process;
  }

  /** The leader as the lease in Redis names it (the injector's view, not the API's). */
  async leaderId(): Promise<string | undefined> {
    const raw = await this.reader.get(fabricKeys(this.name).leader).catch(() => null);
    return raw ? (JSON.parse(raw) as { id: string }).id : undefined;
  }

  urls(): string[] {
    return [...this.orchestrators.values()].map((o) => o.url);
  }

  /** Every process's output so far, to .run/chaos-logs/<fabric>/ (kept after the run, for diagnosis). */
  saveLogs(): string {
    const dir = `.run/chaos-logs/${this.name}`;
    mkdirSync(dir, { recursive: true });
    for (const [id, p] of this.orchestrators) writeFileSync(`${dir}/${id}.log`, p.logs());
    for (const a of this.agents) if (a.process) writeFileSync(`${dir}/${a.id}.log`, a.process.logs());
    return dir;
  }

  /** Everything down and the run's files gone; safe to call twice and after a failed start. */
  async dispose(keepState = false): Promise<void> {
    for (const a of this.agents) {
      if (a.process) signal(a.process.pid, 'SIGCONT');
    }
    await Promise.allSettled([...this.agents.map((a) => a.process?.kill()), ...[...this.orchestrators.values()].map((o) => o.kill())]);
    this.reader?.disconnect();
    await Promise.allSettled([this.kafka?.dispose(), this.redis?.dispose()]);
    if (!keepState) rmSync(this.stateRoot, { recursive: true, force: true });
  }
}

function token(): string {
  return `chaos-${randomBytes(16).toString('hex')}`;
}

/** Sends a signal to a process of ours; one that already exited is not an error. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}
