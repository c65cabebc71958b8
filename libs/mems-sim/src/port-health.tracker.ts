/**
 * Port health from the crossbar state, and the events for its changes.
 *
 * A port is 'failed' when a failure was injected; 'degraded' when its mirror is stuck, or when the
 * light path through it has loss at or above the profile's degraded threshold (both ends of the
 * path: the light crosses both). Calient raises a minor alarm at its degraded power threshold and a
 * critical one at its critical threshold (ocs-facts, row "Calient S320"); a degraded port's event
 * carries that severity. PortHealth has no 'critical' value, so a critical port stays 'degraded'.
 * Events fire on changes of (health, severity, cause) only, not on every drift tick.
 */
import type { CrossbarState } from './crossbar.state';
import { portLabel } from './pair.validate';
import type { AlarmSeverity, DriverEvent, PortHealth, PortRef, PortSide } from './switch-driver';

export type HealthCause = 'failed' | 'stuck-mirror' | 'loss-degraded' | 'loss-critical';

export interface PortCondition {
  ref: PortRef;
  health: Exclude<PortHealth, 'ok'>;
  severity: AlarmSeverity;
  cause: HealthCause;
  reason: string;
}

export interface LossThresholds {
  degradedLossDb: number;
  criticalLossDb: number;
}

const key = (side: PortSide, port: number) => `${side}:${port}`;

function lossConditions(state: CrossbarState, thresholds: LossThresholds, into: Map<string, PortCondition>) {
  for (const path of state.lightPaths()) {
    const critical = path.lossDb >= thresholds.criticalLossDb;
    if (!critical && path.lossDb < thresholds.degradedLossDb) continue;
    const [limit, name] = critical ? [thresholds.criticalLossDb, 'critical'] : [thresholds.degradedLossDb, 'degraded'];
    const advice = critical ? 'move traffic off this path' : 'check or clean the fibres, or plan to move the path';
    const reason = `light path N${path.north}-S${path.south} has ${path.lossDb.toFixed(2)} dB loss, at or above the ${name} threshold of ${limit} dB; ${advice}`;
    for (const side of ['north', 'south'] as const) {
      into.set(key(side, path[side]), {
        ref: { side, port: path[side] },
        health: 'degraded',
        severity: critical ? 'critical' : 'minor',
        cause: critical ? 'loss-critical' : 'loss-degraded',
        reason,
      });
    }
  }
}

/** The ports that are not 'ok', keyed "side:port". Failure outranks a stuck mirror, which outranks loss. */
export function assessPorts(state: CrossbarState, thresholds: LossThresholds): Map<string, PortCondition> {
  const conditions = new Map<string, PortCondition>();
  lossConditions(state, thresholds, conditions);
  for (const ref of state.stuckPorts()) {
    conditions.set(key(ref.side, ref.port), {
      ref,
      health: 'degraded',
      severity: 'minor',
      cause: 'stuck-mirror',
      reason: `mirror on ${portLabel(ref.side, ref.port)} is stuck: its next connect or disconnect will fail, and any light path through it stays up`,
    });
  }
  for (const ref of state.failedPorts()) {
    conditions.set(key(ref.side, ref.port), {
      ref,
      health: 'failed',
      severity: 'major',
      cause: 'failed',
      reason: state.failureNote(ref.side, ref.port) ?? `${portLabel(ref.side, ref.port)} has failed`,
    });
  }
  return conditions;
}

export class PortHealthTracker {
  private last = new Map<string, PortCondition>();

  healthOf(side: PortSide, port: number): PortHealth {
    return this.last.get(key(side, port))?.health ?? 'ok';
  }

  conditions(): PortCondition[] {
    return [...this.last.values()];
  }

  /** Records the new conditions and returns one event per port whose health, severity or cause changed. */
  update(current: Map<string, PortCondition>): DriverEvent[] {
    const events: DriverEvent[] = [];
    for (const [k, now] of current) {
      const before = this.last.get(k);
      if (before && before.health === now.health && before.severity === now.severity && before.cause === now.cause) continue;
      events.push({ kind: 'port-health', port: now.ref, health: now.health, reason: now.reason, severity: now.severity });
    }
    for (const [k, before] of this.last) {
      if (current.has(k)) continue;
      const reason = `${portLabel(before.ref.side, before.ref.port)} is healthy again (${before.cause} cleared)`;
      events.push({ kind: 'port-health', port: before.ref, health: 'ok', reason });
    }
    this.last = current;
    return events;
  }
}
