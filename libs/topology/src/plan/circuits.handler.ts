/**
 * Circuits intent -> exactly the cross-connects the caller lists, added on top of today's.
 *
 * For a scheduler that has computed its own wiring (or copies one from elsewhere): each circuit
 * must be on an existing switch, join a fibred north port to a fibred south port, and use ports no
 * current circuit holds and no failure excludes. Anything else is refused before a plan exists,
 * naming the circuit and what is wrong (the verifier would catch it too, but as a planner bug).
 * O(circuits + fibres). Lower bound: the circuits themselves, which is what it builds.
 */
import { TopologyInfeasibleError, TopologyNotFoundError } from '../errors';
import { diffCrossConnects } from '../model/cross-connect-diff';
import type { CrossConnect, FabricSpec } from '../types';
import type { HandlerResult } from './assemble-plan';
import type { CircuitsIntent } from './intent.schema';

const WHERE = 'plan/handleCircuits';

export function handleCircuits(spec: FabricSpec, intent: CircuitsIntent, current: CrossConnect[]): HandlerResult {
  const switches = new Map(spec.switches.map((s) => [s.id, s]));
  const fibred = new Set(spec.fibres.map((f) => `${f.switchId}:${f.side}:${f.port}`));
  const taken = new Set(current.flatMap((c) => [`${c.switchId}:north:${c.north}`, `${c.switchId}:south:${c.south}`]));
  for (const s of spec.switches) for (const p of s.failedPorts ?? []) taken.add(`${s.id}:${p.side}:${p.port}`);
  intent.circuits.forEach((c, i) => {
    const at = `circuits[${i}] (${c.switchId} N${c.north}-S${c.south})`;
    const sw = switches.get(c.switchId);
    if (!sw) throw new TopologyNotFoundError(WHERE, `${at}: switch ${c.switchId} is not in fabric ${spec.name}`);
    if ((sw.health ?? 'ok') !== 'ok') throw new TopologyInfeasibleError(WHERE, 'switch-unavailable', `${at}: switch ${c.switchId} is ${sw.health}`);
    for (const [side, port] of [['north', c.north], ['south', c.south]] as const) {
      const key = `${c.switchId}:${side}:${port}`;
      if (!fibred.has(key)) throw new TopologyInfeasibleError(WHERE, 'port-not-fibred', `${at}: ${side} port ${port} has no fibre to any endpoint`);
      if (taken.has(key)) throw new TopologyInfeasibleError(WHERE, 'port-busy', `${at}: ${side} port ${port} is in another circuit, failed, or listed twice`);
      taken.add(key);
    }
  });
  const added = intent.circuits.map(({ switchId, north, south }) => ({ switchId, north, south }));
  const changes = diffCrossConnects([], added);
  const n = added.length;
  return {
    after: [...current, ...added],
    changes,
    counts: { removed: 0, added: n, touched: n, modified: n },
    lowerBound: { touched: n },
    stages: [{ index: 0, changes }],
    stageLowerBound: 1,
    details: { circuits: n },
  };
}
