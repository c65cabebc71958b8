import type { SwitchRecord } from '@lightpath/state';

/**
 * Whether a command sent to a switch now would be read, in one place for the API checks, the
 * switch views, the watcher and the reconciler. Two ways to be unreachable: the agent has gone quiet
 * (no heartbeat or snapshot for staleMs), or it still heartbeats but reported its command consumer
 * down (issue 7, item 2: a live process whose consumer crashed must not be sent commands that time out).
 */
export function unreachableReason(sw: Pick<SwitchRecord, 'switchId' | 'agentId' | 'lastSeen' | 'consuming'>, now: number, staleMs: number): string | null {
  if (now - sw.lastSeen > staleMs) {
    return `switch ${sw.switchId} has not been heard from for ${Math.round((now - sw.lastSeen) / 1000)} s (agent ${sw.agentId})`;
  }
  if (!sw.consuming) return `agent ${sw.agentId} of switch ${sw.switchId} reports that it is not reading its commands (its Kafka consumer is down)`;
  return null;
}

export function isReachable(sw: Pick<SwitchRecord, 'switchId' | 'agentId' | 'lastSeen' | 'consuming'>, now: number, staleMs: number): boolean {
  return unreachableReason(sw, now, staleMs) === null;
}
