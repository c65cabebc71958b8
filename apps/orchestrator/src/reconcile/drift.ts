import type { ActiveCrossConnect, PortStatus } from '@lightpath/contracts';

export interface Pair {
  north: number;
  south: number;
}

export interface Drift {
  /** Desired and on healthy ports, but not on the switch: vanished (power loss, a mirror let go). */
  missing: Pair[];
  /** On the switch, but nobody asked for it. */
  unexpected: Pair[];
  /** Desired but on a port that has failed (or was marked failed): it needs a reroute. */
  onFailedPorts: Pair[];
}

const key = (p: Pair) => `${p.north}-${p.south}`;

/**
 * Level-based comparison of one switch's desired and actual cross-connects (invariant I3). Ports
 * held by an operation in flight are left out: their desired and actual state legitimately differ
 * until its ack arrives. A north port joined to another south port than desired shows as one
 * unexpected and one missing pair, which one apply command (disconnect first) repairs.
 */
export function computeDrift(
  desired: Pair[],
  actual: ActiveCrossConnect[],
  pending: Record<string, string>,
  ports: PortStatus[],
): Drift {
  const held = (p: Pair) => `n:${p.north}` in pending || `s:${p.south}` in pending;
  const failed = new Set(ports.filter((p) => p.health === 'failed').map((p) => `${p.side}:${p.port}`));
  const onFailed = (p: Pair) => failed.has(`north:${p.north}`) || failed.has(`south:${p.south}`);
  const actualKeys = new Set(actual.map(key));
  const desiredKeys = new Set(desired.map(key));
  const drift: Drift = { missing: [], unexpected: [], onFailedPorts: [] };
  for (const p of desired) {
    if (held(p)) continue;
    // On a failed port the circuit must move, whether or not light still flows (an operator may
    // mark a port failed before the switch notices).
    if (onFailed(p)) drift.onFailedPorts.push({ north: p.north, south: p.south });
    else if (!actualKeys.has(key(p))) drift.missing.push({ north: p.north, south: p.south });
  }
  for (const c of actual) {
    if (held(c) || desiredKeys.has(key(c))) continue;
    drift.unexpected.push({ north: c.north, south: c.south });
  }
  return drift;
}

export function hasDrift(d: Drift): boolean {
  return d.missing.length + d.unexpected.length + d.onFailedPorts.length > 0;
}
