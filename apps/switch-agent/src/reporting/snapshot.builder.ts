import type { SnapshotEvent } from '@lightpath/contracts';
import type { ManagedSwitch } from '../fleet/managed-switch';

/** A full state report of one switch, as the orchestrator's actual-state store expects it. */
export function buildSnapshot(
  target: ManagedSwitch,
  agentId: string,
  reason: SnapshotEvent['reason'],
): SnapshotEvent {
  const snap = target.driver.snapshot();
  return {
    type: 'snapshot',
    switchId: snap.switchId,
    agentId,
    at: snap.takenAt,
    reason,
    powered: snap.powered,
    crossConnects: snap.crossConnects.map(({ north, south, lossDb, since }) => ({ north, south, lossDb, since })),
    ports: snap.ports.map(({ side, port, health, powerDbm }) => ({ side, port, health, powerDbm })),
  };
}
