/**
 * What the chaos checker reads, straight from the sources of truth and never through the API:
 * Redis (desired, held, actual, operations, reservations, holds, audit, epoch) and every agent's
 * own ledger files (its crossbar, its highest epoch, its ack journal). The checks on it are pure
 * (invariant-checks.ts); reading it is fabric-reader.ts.
 */
export interface Pair {
  north: number;
  south: number;
}

export interface AgentView {
  /** The switch's crossbar as the agent last saved it (written before every ack). */
  crossConnects: Pair[];
  /** The highest fencing epoch the agent has seen for this switch. */
  highestEpoch: number;
  /** Command ids that appear more than once among its applied-command acks (I5: at most once). */
  appliedTwice: string[];
}

export interface SwitchSnapshot {
  switchId: string;
  /** Raw hashes: north -> south and south -> north (libs/state keys desiredByNorth / desiredBySouth). */
  desiredByNorth: Record<string, string>;
  desiredBySouth: Record<string, string>;
  /** Owners of the desired circuits, north -> owner code (`r:<id>` for a reservation; no entry = manual). */
  ownerByNorth: Record<string, string>;
  /** Ports held by an open operation ("n:5" -> operation id). */
  pending: Record<string, string>;
  /** Actual cross-connects as the orchestrator recorded the switch's reports. */
  actual: Pair[];
  /** Ports reported or marked failed, as "n:5" (port-fields.ts). */
  failedPorts: string[];
  drained: boolean;
  /** Undefined when the agent's ledger could not be read. */
  agent?: AgentView;
}

export interface OperationRecord {
  id: string;
  /** 'single' (one switch) or 'staged' (the operations engine). */
  family: 'single' | 'staged';
  kind: string;
  status: string;
  reason?: string;
  createdAt: number;
  /** When it ended (staged: finishedAt; single: its last update). */
  endedAt?: number;
  /** Switches it adds circuits on (single connect: its switch; staged: every stage's adds). */
  addsOn: string[];
}

export interface ReservationRecordView {
  id: string;
  status: string;
  reason?: string;
  cubes: string[];
  crossConnects: (Pair & { switchId: string })[];
}

export interface AuditRecord {
  operationId?: string;
  who?: string;
}

export interface FabricSnapshot {
  /** The fabric's fencing epoch in Redis (the current leader's, or the last one). */
  epoch: number;
  switches: SwitchSnapshot[];
  operations: OperationRecord[];
  /** Ids in the open-operation indexes (single and staged). */
  openOperationIds: string[];
  reservations: ReservationRecordView[];
  /** "cube:<id>" / "port:<switch>:<n|s>:<port>" -> reservation id. */
  holds: Record<string, string>;
  audit: AuditRecord[];
}

export interface Violation {
  /** I1..I7, LOST, READY, or CONVERGE. */
  check: string;
  detail: string;
  /**
   * A fact of history that no amount of waiting changes (a command applied twice, a missing audit
   * entry, a lost operation): the checker records it but does not wait for it to heal.
   */
  lasting?: true;
}

export const LIVE_RESERVATION = new Set(['placing', 'active', 'releasing']);
export const SETTLED_RESERVATION = new Set(['active', 'released', 'expired', 'preempted', 'failed']);
export const TERMINAL_OPERATION = new Set(['succeeded', 'failed', 'rolled-back', 'cancelled']);

export const pairKey = (p: Pair): string => `${p.north}-${p.south}`;

/** Desired pairs of a switch from its north -> south hash. */
export function desiredPairs(s: SwitchSnapshot): Pair[] {
  return Object.entries(s.desiredByNorth).map(([n, south]) => ({ north: Number(n), south: Number(south) }));
}
