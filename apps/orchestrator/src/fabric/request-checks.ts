import type { SwitchRecord } from '@lightpath/state';
import { conflict, invalidRequest, notFound, unavailable } from '../http/api-errors';
import type { FabricGraph } from './fabric-graph';
import { unreachableReason } from './switch-reachability';

export interface Pair {
  north: number;
  south: number;
}

/**
 * Checks made before anything is written or sent, so a bad request changes nothing: the switch is
 * known and reachable, each port is in range and healthy, and no port appears twice in the batch.
 * Whether a port is busy is decided atomically in Redis afterwards (two requests may race).
 */
export function checkSwitchUsable(
  graph: FabricGraph,
  switchId: string,
  now: number,
  staleMs: number,
  intent: 'add' | 'remove' = 'add',
): SwitchRecord {
  const sw = graph.getSwitch(switchId);
  if (!sw) {
    throw notFound('SWITCH_NOT_FOUND', `switch ${switchId} is not registered: list known switches with GET /v1/switches`);
  }
  const unreachable = unreachableReason(sw, now, staleMs);
  if (unreachable) throw unavailable('SWITCH_UNREACHABLE', `${unreachable}: check the agent and retry`);
  if (!sw.powered) throw conflict('SWITCH_POWERED_OFF', `switch ${switchId} reports no power: wait for it to come back`);
  // Drained means no NEW circuit (I2); taking one away from a drained switch is what a drain wants.
  if (sw.drained && intent === 'add') {
    throw conflict('SWITCH_DRAINED', `switch ${switchId} is drained and takes no new cross-connect: undrain it first (POST /v1/switches/${switchId}/undrain)`);
  }
  return sw;
}

export function checkConnectPairs(graph: FabricGraph, sw: SwitchRecord, pairs: Pair[]): void {
  const seenNorth = new Set<number>();
  const seenSouth = new Set<number>();
  pairs.forEach((p, i) => {
    const at = pairs.length > 1 ? `crossConnects[${i}]` : 'body';
    checkRange(sw, 'north', p.north, at);
    checkRange(sw, 'south', p.south, at);
    if (seenNorth.has(p.north)) throw invalidRequest('DUPLICATE_PORT', `${at}.north: north port ${p.north} appears twice in the batch`);
    if (seenSouth.has(p.south)) throw invalidRequest('DUPLICATE_PORT', `${at}.south: south port ${p.south} appears twice in the batch`);
    seenNorth.add(p.north);
    seenSouth.add(p.south);
    for (const side of ['north', 'south'] as const) {
      if (graph.portHealth(sw.switchId, side, p[side]) === 'failed') {
        throw conflict(
          'PORT_FAILED',
          `${at}.${side}: ${side} port ${p[side]} of switch ${sw.switchId} has failed: pick another port or repair it first`,
        );
      }
    }
  });
}

export function checkNorthPorts(sw: SwitchRecord, norths: number[]): void {
  const seen = new Set<number>();
  norths.forEach((n, i) => {
    checkRange(sw, 'north', n, `norths[${i}]`);
    if (seen.has(n)) throw invalidRequest('DUPLICATE_PORT', `norths[${i}]: north port ${n} appears twice`);
    seen.add(n);
  });
}

function checkRange(sw: SwitchRecord, side: 'north' | 'south', port: number, at: string): void {
  const max = side === 'north' ? sw.northPorts : sw.southPorts;
  if (port < 1 || port > max) {
    throw invalidRequest(
      'PORT_OUT_OF_RANGE',
      `${at}.${side}: ${side} port ${port} does not exist on switch ${sw.switchId}, which has ${side} ports 1..${max}`,
    );
  }
}
