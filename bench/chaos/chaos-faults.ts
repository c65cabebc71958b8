/**
 * Carries out one step of the fault schedule on the fleet and brings the victim back: kill -9 and
 * restart an agent; SIGSTOP an agent past the ack deadline, then SIGCONT (a grey failure: its port
 * stays open, nothing answers); kill -9 the leader and restart it (it comes back as a follower);
 * SIGTERM or kill -9 the broker and restart it on the same data; kill -9 Redis and restart it from
 * its AOF; poison messages. Returns when the victim has been restarted (recovery starts there).
 */
import type { ChaosFleet } from './chaos-fleet';
import { signal } from './chaos-fleet';
import { poisonCommands, poisonEvents, type PoisonResult } from './chaos-poison';
import type { FaultStep } from './fault-schedule';
import { sleep } from './chaos-workload';

export interface Injected {
  /** What was done, for the log and the report: "kill -9 agent-1 (ocs-2, ocs-3), 1.2 s down". */
  what: string;
  poison?: PoisonResult;
}

export async function inject(fleet: ChaosFleet, step: FaultStep): Promise<Injected> {
  const down = `${(step.downMs / 1000).toFixed(1)} s down`;
  switch (step.kind) {
    case 'agent-kill': {
      const agent = fleet.agents[step.agent!];
      await agent.process?.kill();
      await sleep(step.downMs);
      await fleet.startAgent(step.agent!);
      return { what: `kill -9 ${agent.id} (${agent.switches.join(', ')}), ${down}, restarted` };
    }
    case 'agent-pause': {
      const agent = fleet.agents[step.agent!];
      signal(agent.process!.pid, 'SIGSTOP');
      await sleep(step.downMs);
      signal(agent.process!.pid, 'SIGCONT');
      return { what: `SIGSTOP ${agent.id} for ${(step.downMs / 1000).toFixed(1)} s (past the ${fleet.options.commandTimeoutMs} ms ack deadline), SIGCONT` };
    }
    case 'leader-kill': {
      const id = (await fleet.leaderId()) ?? [...fleet.orchestrators.keys()][0];
      await fleet.orchestrators.get(id)?.kill();
      await sleep(step.downMs);
      await fleet.startOrchestrator(id);
      return { what: `kill -9 leader ${id}, ${down}, restarted as a follower` };
    }
    case 'broker-term':
      await fleet.kafka.stop();
      await sleep(step.downMs);
      await fleet.kafka.start();
      return { what: `SIGTERM the broker, ${down}, restarted on its data` };
    case 'broker-kill':
      await fleet.kafka.kill();
      await sleep(step.downMs);
      await fleet.kafka.start();
      return { what: `kill -9 the broker, ${down}, restarted on its data` };
    case 'redis-kill':
      await fleet.redis.kill();
      await sleep(step.downMs);
      await fleet.redis.start();
      return { what: `kill -9 redis-server, ${down}, restarted from its AOF` };
    case 'poison-commands': {
      const loc = fleet.locations[step.switchIndex!];
      const poison = await poisonCommands(fleet.kafka.address, fleet.name, loc);
      return { what: `${poison.sent} poison/replayed/forged messages on ${loc.switchId}'s command topic`, poison };
    }
    case 'poison-events': {
      const switchId = fleet.switches[step.switchIndex!];
      const poison = await poisonEvents(fleet.kafka.address, fleet.name, switchId);
      return { what: `${poison.sent} poison/duplicated/replayed messages on the events topic (key ${switchId})`, poison };
    }
  }
}
