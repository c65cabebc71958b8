import type { PortStatus } from '@lightpath/contracts';
import type { WatchEvent } from './watch-event';

/** What the watcher remembers of one switch between two looks. */
export interface SwitchLook {
  agentId: string;
  registeredAt: number;
  reachable: boolean;
  powered: boolean;
  /** `side:port` -> health, for ports that are not ok. */
  unhealthy: Map<string, PortStatus['health']>;
}

export type FabricLook = Map<string, SwitchLook>;

const portKey = (p: { side: string; port: number }) => `${p.side}:${p.port}`;

export function unhealthyMap(ports: PortStatus[]): Map<string, PortStatus['health']> {
  return new Map(ports.map((p) => [portKey(p), p.health]));
}

/**
 * The events that turn look `before` into look `after`: registrations, reachability and power
 * changes, and port health changes (a port that leaves the unhealthy set is back to `ok`). Level
 * based: comparing states, not replaying agent messages, so a missed message costs no event.
 */
export function diffFabric(before: FabricLook, after: FabricLook, at: number): WatchEvent[] {
  const events: WatchEvent[] = [];
  for (const [switchId, now] of after) {
    const was = before.get(switchId);
    const sw = (type: string, data: Record<string, unknown>) => events.push({ kind: 'switch', type, switchId, at, data });
    if (!was || now.registeredAt !== was.registeredAt) sw('registered', { agentId: now.agentId, registeredAt: now.registeredAt });
    if (!was ? !now.reachable : was.reachable !== now.reachable) sw(now.reachable ? 'reachable' : 'unreachable', { agentId: now.agentId });
    if (was && was.powered !== now.powered) sw(now.powered ? 'powered-on' : 'powered-off', { agentId: now.agentId });
    const old = was?.unhealthy ?? new Map<string, PortStatus['health']>();
    for (const [key, health] of now.unhealthy) {
      if (old.get(key) !== health) events.push(portEvent(switchId, key, health, at));
    }
    for (const key of old.keys()) if (!now.unhealthy.has(key)) events.push(portEvent(switchId, key, 'ok', at));
  }
  return events;
}

function portEvent(switchId: string, key: string, health: PortStatus['health'], at: number): WatchEvent {
  const [side, port] = key.split(':');
  return { kind: 'port', type: health, switchId, at, data: { side, port: Number(port), health } };
}
