import { MANUAL_OWNER, type ActiveCrossConnect, type CircuitOwner, type PortStatus } from '@lightpath/contracts';
import type { SwitchRecord } from '@lightpath/state';
import { isReachable } from './switch-reachability';

export interface SwitchSummary extends SwitchRecord {
  reachable: boolean;
  crossConnects: number;
}

export interface PortMap extends SwitchSummary {
  /** Cross-connects the switch reports, with measured insertion loss and the owner of the desired one on that north port. */
  active: (ActiveCrossConnect & { owner: CircuitOwner })[];
  /** Cross-connects lightpath wants, including those an operation is making right now, each with its owner. */
  desired: { north: number; south: number; owner: CircuitOwner }[];
  /** Ports held by an operation in flight. */
  pending: { side: 'north' | 'south'; port: number; operationId: string }[];
  unhealthyPorts: PortStatus[];
}

export function summarize(record: SwitchRecord, crossConnects: number, now: number, staleMs: number): SwitchSummary {
  return { ...record, reachable: isReachable(record, now, staleMs), crossConnects };
}

export function pendingPorts(raw: Record<string, string>): PortMap['pending'] {
  return Object.entries(raw).map(([key, operationId]) => ({
    side: key.startsWith('n:') ? ('north' as const) : ('south' as const),
    port: Number(key.slice(2)),
    operationId,
  }));
}

/** Each circuit with its owner (docs/api.md, "Circuit owners"): `manual` where none is stored. */
export function withOwner<T extends { north: number }>(circuits: T[], owners: Map<number, CircuitOwner>): (T & { owner: CircuitOwner })[] {
  return circuits.map((c) => ({ ...c, owner: owners.get(c.north) ?? MANUAL_OWNER }));
}
