/**
 * Port index: the fabric spec compiled into dense arrays for the circuit algorithms.
 *
 * Algorithm: one pass over switches, endpoints and fibres. Complexity O(switches + endpoints +
 * fibres) time and memory.
 *
 * Invariants of the result:
 * - `north[s][e]` lists, ascending, the north ports of switch s fibred to endpoint e that may take a
 *   new circuit (switch healthy, port not in `failedPorts`, endpoint healthy); same for `south`;
 * - `northOwner[s][p]` is the endpoint index owning north port p of switch s (or -1), regardless of
 *   health, so existing circuits on failed parts can still be read back into link counts.
 *
 * Why a separate index: every planner in mesh/, rewire/, traffic/ and repair-ports/ works on endpoint
 * and switch indices; compiling once keeps them free of string maps in their inner loops.
 */
import { TopologyConflictError, TopologyInvalidArgumentError, TopologyNotFoundError } from '../errors';
import type { FabricSpec } from '../types';

export interface PortIndex {
  readonly endpoints: readonly string[];
  readonly switches: readonly string[];
  readonly endpointIndex: ReadonlyMap<string, number>;
  readonly switchIndex: ReadonlyMap<string, number>;
  /** Usable ports, `north[s][e]` ascending. */
  readonly north: number[][][];
  readonly south: number[][][];
  /** Owner of every fibred port (1-based port index; slot 0 unused), -1 when unfibred. */
  readonly northOwner: Int32Array[];
  readonly southOwner: Int32Array[];
  /** True when a switch is marked failed or drained (no new circuits). */
  readonly switchDown: Uint8Array;
}

export interface PortIndexOptions {
  /** Extra switches treated as down (e.g. an OCS being evacuated). */
  downSwitches?: readonly string[];
  /** Extra ports treated as failed, keyed `switchId/side/port`. */
  downPorts?: readonly { switchId: string; side: 'north' | 'south'; port: number }[];
}

const WHERE = 'mesh/buildPortIndex';

/**
 * The port list of every (switch, endpoint) without a usable port, shared and frozen: a
 * 1,000-OCS, 320-block fabric has 640,000 such cells, nearly all empty, and allocating an array for
 * each cost most of a second. The index is read-only to its users; frozen, a stray push throws.
 */
const NO_PORTS: number[] = Object.freeze([]) as unknown as number[];

export function buildPortIndex(spec: FabricSpec, options: PortIndexOptions = {}): PortIndex {
  if (!spec || !Array.isArray(spec.switches) || !Array.isArray(spec.endpoints) || !Array.isArray(spec.fibres)) {
    throw new TopologyInvalidArgumentError(WHERE, 'spec must have switches, endpoints and fibres arrays; load it with the spec parser first');
  }
  const endpoints = spec.endpoints.map((e) => e.id);
  const switches = spec.switches.map((s) => s.id);
  const endpointIndex = new Map(endpoints.map((id, i) => [id, i] as const));
  const switchIndex = new Map(switches.map((id, i) => [id, i] as const));
  const S = switches.length;
  const E = endpoints.length;
  const north: number[][][] = [];
  const south: number[][][] = [];
  const northOwner: Int32Array[] = [];
  const southOwner: Int32Array[] = [];
  const switchDown = new Uint8Array(S);
  const downSet = new Set(options.downSwitches ?? []);
  const failed = new Set<string>();
  spec.switches.forEach((sw, s) => {
    north.push(new Array<number[]>(E).fill(NO_PORTS));
    south.push(new Array<number[]>(E).fill(NO_PORTS));
    northOwner.push(new Int32Array(sw.northPorts + 1).fill(-1));
    southOwner.push(new Int32Array(sw.southPorts + 1).fill(-1));
    if ((sw.health && sw.health !== 'ok') || downSet.has(sw.id)) switchDown[s] = 1;
    for (const p of sw.failedPorts ?? []) failed.add(`${sw.id}/${p.side}/${p.port}`);
  });
  for (const p of options.downPorts ?? []) failed.add(`${p.switchId}/${p.side}/${p.port}`);
  const endpointDown = new Uint8Array(E);
  spec.endpoints.forEach((ep, e) => {
    if (ep.health === 'failed') endpointDown[e] = 1;
  });
  for (const f of spec.fibres) {
    const s = switchIndex.get(f.switchId);
    const e = endpointIndex.get(f.endpoint);
    if (s === undefined || e === undefined) {
      throw new TopologyNotFoundError(WHERE, `fibre ${f.endpoint}:${f.endpointPort} names unknown switch or endpoint; fix the spec`);
    }
    const owner = f.side === 'north' ? northOwner[s] : southOwner[s];
    if (!(f.port >= 1 && f.port < owner.length)) {
      throw new TopologyInvalidArgumentError(WHERE, `fibre ${f.endpoint}:${f.endpointPort} uses ${f.switchId} ${f.side} port ${f.port}, out of range; fix the spec`);
    }
    if (owner[f.port] !== -1) {
      throw new TopologyConflictError(WHERE, `${f.switchId} ${f.side} port ${f.port} carries two fibres; fix the spec`);
    }
    owner[f.port] = e;
    if (switchDown[s] || endpointDown[e] || (failed.size > 0 && failed.has(`${f.switchId}/${f.side}/${f.port}`))) continue;
    const row = (f.side === 'north' ? north : south)[s];
    if (row[e] === NO_PORTS) row[e] = [];
    row[e].push(f.port);
  }
  for (let s = 0; s < S; s++) {
    for (let e = 0; e < E; e++) {
      if (north[s][e].length > 1) north[s][e].sort((a, b) => a - b);
      if (south[s][e].length > 1) south[s][e].sort((a, b) => a - b);
    }
  }
  return { endpoints, switches, endpointIndex, switchIndex, north, south, northOwner, southOwner, switchDown };
}

/** Usable north and south ports per endpoint, summed over switches. */
export function portsPerEndpoint(index: PortIndex): { north: Int32Array; south: Int32Array } {
  const E = index.endpoints.length;
  const north = new Int32Array(E);
  const south = new Int32Array(E);
  for (let s = 0; s < index.switches.length; s++) {
    for (let e = 0; e < E; e++) {
      north[e] += index.north[s][e].length;
      south[e] += index.south[s][e].length;
    }
  }
  return { north, south };
}
