/**
 * The chaos run's fault schedule, a pure function of the seed: which fault, against which process,
 * when (seconds after the start), and for how long. Every kind comes once per round, in a seeded
 * order, so even a short run injects each kind (a 2-minute run is one round); longer runs repeat
 * rounds. What the schedule cannot fix is how long the machine takes to recover from each fault:
 * a fault whose time has come waits until the previous one converged and was checked.
 */
import type { Prng } from './prng';

export const FAULT_KINDS = [
  'agent-kill',
  'agent-pause',
  'leader-kill',
  'broker-term',
  'broker-kill',
  'redis-kill',
  'poison-commands',
  'poison-events',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultStep {
  index: number;
  kind: FaultKind;
  /** Planned start, seconds after the run began. */
  atSeconds: number;
  /** For agent faults: which agent (index into the fleet's agents). */
  agent?: number;
  /** For poison: which switch's command topic (index into the fleet's switches). */
  switchIndex?: number;
  /** How long the process stays down or stopped before it is restarted or continued, ms. */
  downMs: number;
}

export interface ScheduleOptions {
  minutes: number;
  agents: number;
  switches: number;
  /** A paused agent stays stopped this much past the orchestrator's ack deadline (a grey failure). */
  commandTimeoutMs: number;
}

/** One fault about every 15 s: a broker restart on a busy 2-core machine takes most of that. */
const SECONDS_PER_FAULT = 15;

export function buildSchedule(prng: Prng, options: ScheduleOptions): FaultStep[] {
  const { minutes, agents, switches, commandTimeoutMs } = options;
  if (!(minutes > 0)) throw new Error(`chaos/fault-schedule: minutes must be > 0, got ${minutes}`);
  if (agents < 1 || switches < 1) throw new Error('chaos/fault-schedule: needs at least one agent and one switch');
  const count = Math.max(FAULT_KINDS.length, Math.round((minutes * 60) / SECONDS_PER_FAULT));
  const spacing = (minutes * 60) / count;
  const steps: FaultStep[] = [];
  let round: FaultKind[] = [];
  for (let index = 0; index < count; index++) {
    if (round.length === 0) round = prng.shuffle(FAULT_KINDS);
    const kind = round.shift()!;
    // Jitter within the first half of the slot keeps faults from lining up with periodic timers.
    const atSeconds = Math.round((index * spacing + prng.next() * spacing * 0.5) * 10) / 10;
    const step: FaultStep = { index, kind, atSeconds, downMs: downTime(prng, kind, commandTimeoutMs) };
    if (kind === 'agent-kill' || kind === 'agent-pause') step.agent = prng.int(0, agents - 1);
    if (kind === 'poison-commands' || kind === 'poison-events') step.switchIndex = prng.int(0, switches - 1);
    steps.push(step);
  }
  return steps;
}

function downTime(prng: Prng, kind: FaultKind, commandTimeoutMs: number): number {
  switch (kind) {
    case 'agent-pause':
      // Past the ack deadline: the orchestrator must give up on what it sent, and the agent must
      // refuse those commands when it wakes (they are expired).
      return commandTimeoutMs + prng.int(1_000, 3_000);
    case 'broker-term':
    case 'broker-kill':
      return prng.int(2_000, 8_000);
    case 'redis-kill':
      return prng.int(500, 3_000);
    case 'agent-kill':
    case 'leader-kill':
      return prng.int(200, 2_000);
    default:
      return 0;
  }
}
