/**
 * The chaos checker's comparisons, pure: given what Redis and the agents hold (fabric-snapshot.ts),
 * list every broken invariant of docs/architecture.md (I1-I6) and every lost operation. Called once
 * the fleet is quiet (no open operation, no reservation mid-setup or mid-teardown); I3 compares the
 * three copies of each switch's circuits: desired (Redis), actual (Redis) and the agent's crossbar.
 */
import { cubeHoldField, portField, portHoldField } from '@lightpath/state';
import {
  desiredPairs,
  LIVE_RESERVATION,
  pairKey,
  TERMINAL_OPERATION,
  type FabricSnapshot,
  type Pair,
  type SwitchSnapshot,
  type Violation,
} from './fabric-snapshot';

/** Ids the workload saw accepted (201/202): each must be in Redis and must have ended. */
export interface Accepted {
  id: string;
  /** What accepted it, for the report: "POST /v1/switches/ocs-1/cross-connects". */
  what: string;
}

/** A drain the workload made: from its operation's end until the undrain was asked, the switch takes no new circuit (I2). */
export interface DrainRecord {
  switchId: string;
  operationId: string;
  /** When the undrain request was sent; undefined while still drained. */
  undrainAskedAt?: number;
}

export function isQuiet(s: FabricSnapshot): boolean {
  return s.openOperationIds.length === 0 && !s.reservations.some((r) => r.status === 'placing' || r.status === 'releasing');
}

export function checkFabric(s: FabricSnapshot, accepted: Accepted[], drains: DrainRecord[] = []): Violation[] {
  return [
    ...checkDrains(s, accepted, drains),
    ...s.switches.flatMap(checkSwitch),
    ...checkEpochs(s),
    ...checkReservations(s),
    ...checkAudit(s),
    ...checkNothingLost(s, accepted),
  ];
}

const sorted = (pairs: Pair[]): string => pairs.map(pairKey).sort().join(',');

/** I1 (one owner per port, in every copy), I2 (no desired circuit on a failed port), I3 (the copies agree). */
export function checkSwitch(s: SwitchSnapshot): Violation[] {
  const out: Violation[] = [];
  const id = s.switchId;
  for (const [n, south] of Object.entries(s.desiredByNorth)) {
    if (s.desiredBySouth[south] !== n) out.push({ check: 'I1', detail: `${id}: desired N${n}->S${south} but the reverse index says S${south}->N${s.desiredBySouth[south] ?? 'none'}` });
  }
  for (const [south, n] of Object.entries(s.desiredBySouth)) {
    if (s.desiredByNorth[n] !== south) out.push({ check: 'I1', detail: `${id}: reverse index S${south}->N${n} has no matching desired N${n}->S${south}` });
  }
  for (const [copy, pairs] of [
    ['actual', s.actual],
    ['agent crossbar', s.agent?.crossConnects ?? []],
  ] as const) {
    const twice = (side: 'north' | 'south') => pairs.map((p) => p[side]).filter((port, i, all) => all.indexOf(port) !== i);
    for (const side of ['north', 'south'] as const) {
      for (const port of twice(side)) out.push({ check: 'I1', detail: `${id}: ${side} ${port} is in two cross-connects in the ${copy}` });
    }
  }
  const failed = new Set(s.failedPorts);
  for (const p of desiredPairs(s)) {
    if (failed.has(portField('north', p.north)) || failed.has(portField('south', p.south))) out.push({ check: 'I2', detail: `${id}: desired N${p.north}->S${p.south} is on a failed port` });
  }
  if (!s.agent) {
    out.push({ check: 'I3', detail: `${id}: the agent's ledger could not be read` });
    return out;
  }
  const desired = sorted(desiredPairs(s));
  const crossbar = sorted(s.agent.crossConnects);
  const actual = sorted(s.actual);
  if (crossbar !== desired) out.push({ check: 'I3', detail: `${id}: the switch holds [${crossbar}] but desired is [${desired}]` });
  if (actual !== crossbar) out.push({ check: 'I3', detail: `${id}: Redis records actual [${actual}] but the switch holds [${crossbar}]` });
  return out;
}

/**
 * I2 for drained switches, from history: an operation the workload had accepted, created after a
 * drain finished and before the undrain was asked, must not have added a circuit on that switch.
 */
export function checkDrains(s: FabricSnapshot, accepted: Accepted[], drains: DrainRecord[]): Violation[] {
  const ours = new Set(accepted.map((a) => a.id));
  const byId = new Map(s.operations.map((o) => [o.id, o]));
  const out: Violation[] = [];
  for (const d of drains) {
    const drain = byId.get(d.operationId);
    if (drain?.status !== 'succeeded' || drain.endedAt === undefined) continue;
    for (const op of s.operations) {
      if (op.id === d.operationId || !ours.has(op.id) || op.status !== 'succeeded' || !op.addsOn.includes(d.switchId)) continue;
      if (op.createdAt > drain.endedAt && op.createdAt < (d.undrainAskedAt ?? Infinity)) {
        out.push({ check: 'I2', lasting: true, detail: `${op.family} operation ${op.id} (${op.kind}) added circuits on ${d.switchId} while it was drained (drain ${d.operationId})` });
      }
    }
  }
  return out;
}

/** I5: no agent has seen a higher epoch than the fabric's (it would refuse every command), and no command applied twice. */
export function checkEpochs(s: FabricSnapshot): Violation[] {
  const out: Violation[] = [];
  for (const sw of s.switches) {
    if (!sw.agent) continue;
    if (sw.agent.highestEpoch > s.epoch) {
      out.push({ check: 'I5', detail: `${sw.switchId}: the agent has seen epoch ${sw.agent.highestEpoch}, above the fabric's ${s.epoch}: it refuses every command as STALE_EPOCH` });
    }
    for (const id of sw.agent.appliedTwice) out.push({ check: 'I5', lasting: true, detail: `${sw.switchId}: command ${id} was applied twice` });
  }
  return out;
}

/**
 * I4: live reservations hold their cubes and ports and share none; an active one keeps every
 * circuit (desired and on the switch); an ended one leaves no circuit that no live one owns, and
 * holds nothing.
 */
export function checkReservations(s: FabricSnapshot): Violation[] {
  const out: Violation[] = [];
  const byId = new Map(s.reservations.map((r) => [r.id, r]));
  const bySwitch = new Map(s.switches.map((sw) => [sw.switchId, sw]));
  const owner = new Map<string, string>();
  for (const r of s.reservations.filter((x) => LIVE_RESERVATION.has(x.status))) {
    const fields = [...r.cubes.map(cubeHoldField), ...r.crossConnects.flatMap((c) => [portHoldField(c.switchId, 'north', c.north), portHoldField(c.switchId, 'south', c.south)])];
    for (const f of fields) {
      const other = owner.get(f);
      if (other) out.push({ check: 'I4', detail: `${f} belongs to live reservations ${other} and ${r.id}` });
      owner.set(f, r.id);
      if (s.holds[f] !== r.id) out.push({ check: 'I4', detail: `live reservation ${r.id} (${r.status}) does not hold ${f} (held by ${s.holds[f] ?? 'nobody'})` });
    }
    if (r.status !== 'active') continue;
    // Circuits are found by owner, not only where the record placed them: a drain or a repair moves
    // a reservation's circuit to another switch and it stays the reservation's (item 15, I8).
    const mine = ownedBy(s, r.id);
    const moved = mine.filter((c) => !r.crossConnects.some((x) => x.switchId === c.switchId && x.north === c.north && x.south === c.south));
    const missing = r.crossConnects.filter((c) => !mine.some((x) => x.switchId === c.switchId && x.north === c.north && x.south === c.south));
    for (const c of missing.slice(moved.length)) {
      out.push({ check: 'I4', detail: `active reservation ${r.id} lost ${c.switchId} N${c.north}->S${c.south} from the desired state` });
    }
    for (const c of mine) {
      const agent = bySwitch.get(c.switchId)?.agent;
      if (agent && !agent.crossConnects.some((p) => p.north === c.north && p.south === c.south)) {
        out.push({ check: 'I4', detail: `active reservation ${r.id}: ${c.switchId} N${c.north}->S${c.south} is desired but not on the switch` });
      }
    }
  }
  for (const [field, id] of Object.entries(s.holds)) {
    const r = byId.get(id);
    if (!r || !LIVE_RESERVATION.has(r.status)) out.push({ check: 'I4', detail: `${field} is still held by ${id}, which is ${r?.status ?? 'unknown'}` });
  }
  for (const r of s.reservations.filter((x) => ['released', 'expired', 'preempted', 'failed'].includes(x.status))) {
    for (const c of ownedBy(s, r.id)) out.push({ check: 'I4', detail: `${r.status} reservation ${r.id} left ${c.switchId} N${c.north}->S${c.south} behind` });
  }
  return out;
}

/** I6: every operation in Redis has exactly one audit entry, naming who asked. */
export function checkAudit(s: FabricSnapshot): Violation[] {
  const count = new Map<string, { n: number; who: boolean }>();
  for (const e of s.audit) {
    if (!e.operationId) continue;
    const c = count.get(e.operationId) ?? { n: 0, who: true };
    count.set(e.operationId, { n: c.n + 1, who: c.who && !!e.who });
  }
  return s.operations.flatMap((op) => {
    const c = count.get(op.id);
    if (!c || c.n !== 1) return [{ check: 'I6', lasting: true as const, detail: `${op.family} operation ${op.id} (${op.kind}) has ${c?.n ?? 0} audit entries` }];
    return c.who ? [] : [{ check: 'I6', lasting: true as const, detail: `operation ${op.id}'s audit entry names nobody` }];
  });
}

/**
 * Nothing lost: every accepted operation or reservation is in Redis; once quiet every operation
 * has ended, and one that did not succeed says why.
 */
export function checkNothingLost(s: FabricSnapshot, accepted: Accepted[]): Violation[] {
  const out: Violation[] = [];
  const known = new Set([...s.operations.map((o) => o.id), ...s.reservations.map((r) => r.id)]);
  for (const a of accepted) if (!known.has(a.id)) out.push({ check: 'LOST', lasting: true, detail: `${a.id}, accepted by ${a.what}, is not in Redis` });
  for (const op of s.operations) {
    if (!TERMINAL_OPERATION.has(op.status)) out.push({ check: 'LOST', detail: `${op.family} operation ${op.id} (${op.kind}) is still ${op.status}` });
    else if (op.status !== 'succeeded' && !op.reason) out.push({ check: 'LOST', lasting: true, detail: `${op.family} operation ${op.id} ended ${op.status} without a reason` });
  }
  for (const r of s.reservations) {
    if (r.status === 'failed' && !r.reason) out.push({ check: 'LOST', lasting: true, detail: `reservation ${r.id} failed without a reason` });
  }
  return out;
}

/** Desired circuits whose owner (libs/state circuit-owner-codes: `r:<id>`) is the reservation, on any switch. */
function ownedBy(s: FabricSnapshot, reservationId: string): { switchId: string; north: number; south: number }[] {
  const code = `r:${reservationId}`;
  return s.switches.flatMap((sw) =>
    Object.entries(sw.ownerByNorth)
      .filter(([north, owner]) => owner === code && sw.desiredByNorth[north] !== undefined)
      .map(([north]) => ({ switchId: sw.switchId, north: Number(north), south: Number(sw.desiredByNorth[north]) })),
  );
}
