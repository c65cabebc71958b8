/**
 * Virtual vertices for the colouring: an endpoint with up to k usable ports per side on one switch
 * becomes k vertices, copy j allowed on the switches where the endpoint has more than j ports, so a
 * proper colouring never puts two circuits on one port.
 *
 * Algorithm: circuits are enumerated pair by pair (row-major over the demand matrix, the same order
 * on both sides) and dealt round-robin over an endpoint's copies that still have capacity, which
 * keeps every copy's degree <= its number of allowed switches. Complexity O(E^2 + circuits + V x S/32).
 *
 * Also checks a demand before any work, so an impossible request fails fast with the rule it breaks:
 * `degree-exceeds-ports` (an endpoint asks for more circuits than it has usable ports) or
 * `missing-fibres` (a pair shares no switch with a port on both ends).
 */
import { TopologyInfeasibleError } from '../errors';
import type { PortIndex } from './port-index.build';

export interface VirtualSide {
  vertexCount: number;
  vertexEndpoint: Int32Array;
  vertexCopy: Int32Array;
  /** Allowed-switch bitsets per vertex, or undefined when every vertex may use every switch. */
  allowed: Uint32Array | undefined;
  /** Vertex of each circuit, circuits in row-major demand order. */
  edgeVertex: Int32Array;
}

/** Bitset (ceil(S/32) words per endpoint) of switches where the endpoint has a usable port on `side`. */
export function presenceBits(index: PortIndex, side: 'north' | 'south', copy = 0): Uint32Array {
  const S = index.switches.length;
  const E = index.endpoints.length;
  const W = (S + 31) >>> 5;
  const bits = new Uint32Array(E * W);
  const ports = side === 'north' ? index.north : index.south;
  for (let s = 0; s < S; s++) {
    const row = ports[s];
    for (let e = 0; e < E; e++) if (row[e].length > copy) bits[e * W + (s >>> 5)] |= 1 << (s & 31);
  }
  return bits;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function checkMeshDemand(index: PortIndex, demand: Int32Array, where: string): void {
  const E = index.endpoints.length;
  const S = index.switches.length;
  const W = (S + 31) >>> 5;
  const outDeg = new Float64Array(E);
  const inDeg = new Float64Array(E);
  for (let u = 0; u < E; u++) {
    for (let v = 0; v < E; v++) {
      const c = demand[u * E + v];
      if (c < 0) throw new TopologyInfeasibleError(where, 'negative-count', `link count ${index.endpoints[u]}->${index.endpoints[v]} is ${c}; counts must be >= 0`);
      outDeg[u] += c;
      inDeg[v] += c;
    }
  }
  for (let e = 0; e < E; e++) {
    let n = 0;
    let s2 = 0;
    for (let s = 0; s < S; s++) {
      n += index.north[s][e].length;
      s2 += index.south[s][e].length;
    }
    if (outDeg[e] > n || inDeg[e] > s2) {
      const side = outDeg[e] > n ? `north: ${outDeg[e]} circuits > ${n} usable ports` : `south: ${inDeg[e]} circuits > ${s2} usable ports`;
      throw new TopologyInfeasibleError(where, 'degree-exceeds-ports', `${index.endpoints[e]} ${side}; lower its link counts or repair its ports`);
    }
  }
  const nb = presenceBits(index, 'north');
  const sb = presenceBits(index, 'south');
  for (let u = 0; u < E; u++) {
    for (let v = 0; v < E; v++) {
      if (demand[u * E + v] === 0) continue;
      let shared = false;
      for (let w = 0; w < W && !shared; w++) shared = (nb[u * W + w] & sb[v * W + w]) !== 0;
      if (!shared) {
        throw new TopologyInfeasibleError(
          where,
          'missing-fibres',
          `no switch has a usable north port of ${index.endpoints[u]} and a usable south port of ${index.endpoints[v]}; add fibres or drop that pair`,
        );
      }
    }
  }
}

export function buildVirtualSides(index: PortIndex, side: 'north' | 'south', demand: Int32Array): VirtualSide {
  const E = index.endpoints.length;
  const S = index.switches.length;
  const W = (S + 31) >>> 5;
  const ports = side === 'north' ? index.north : index.south;
  const copies = new Int32Array(E);
  let ragged = false;
  for (let e = 0; e < E; e++) {
    let lo = Infinity;
    let hi = 0;
    for (let s = 0; s < S; s++) {
      const k = ports[s][e].length;
      if (k > hi) hi = k;
      if (k < lo) lo = k;
    }
    copies[e] = hi;
    if (lo !== hi) ragged = true;
  }
  const first = new Int32Array(E + 1);
  for (let e = 0; e < E; e++) first[e + 1] = first[e] + copies[e];
  const V = first[E];
  const vertexEndpoint = new Int32Array(V);
  const vertexCopy = new Int32Array(V);
  const capacity = new Int32Array(V);
  let allowed: Uint32Array | undefined;
  if (ragged) allowed = new Uint32Array(V * W);
  for (let e = 0; e < E; e++) {
    for (let j = 0; j < copies[e]; j++) {
      const x = first[e] + j;
      vertexEndpoint[x] = e;
      vertexCopy[x] = j;
      if (!allowed) {
        capacity[x] = S;
        continue;
      }
      let cap = 0;
      for (let s = 0; s < S; s++) {
        if (ports[s][e].length > j) {
          allowed[x * W + (s >>> 5)] |= 1 << (s & 31);
        }
      }
      for (let w = 0; w < W; w++) cap += popcount(allowed[x * W + w]);
      capacity[x] = cap;
    }
  }
  let total = 0;
  for (let i = 0; i < demand.length; i++) total += demand[i];
  const edgeVertex = new Int32Array(total);
  const used = new Int32Array(V);
  const cursor = new Int32Array(E);
  let k = 0;
  for (let u = 0; u < E; u++) {
    for (let v = 0; v < E; v++) {
      const c = demand[u * E + v];
      const e = side === 'north' ? u : v;
      for (let i = 0; i < c; i++) {
        // Round-robin over the copies with capacity left; checkMeshDemand guarantees one exists.
        let j = cursor[e];
        for (let t = 0; t < copies[e] && used[first[e] + j] >= capacity[first[e] + j]; t++) j = (j + 1) % copies[e];
        const x = first[e] + j;
        used[x]++;
        cursor[e] = (j + 1) % copies[e];
        edgeVertex[k++] = x;
      }
    }
  }
  return { vertexCount: V, vertexEndpoint, vertexCopy, allowed, edgeVertex };
}
