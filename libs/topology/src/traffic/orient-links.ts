/**
 * Orientation of an undirected block multigraph into north -> south circuits: each circuit between
 * blocks i and j must leave one of them from a north port and enter the other at a south port.
 *
 * Algorithm: half of every pair's circuits go each way (floor(n/2) both ways); the odd remainders
 * form a simple graph H, oriented along Euler circuits (Hierholzer) after pairing up odd-degree
 * vertices through a virtual vertex, so every block's out- and in-degree differ by at most one.
 * That always fits when each block has equally many north and south ports (every generated fabric).
 * Otherwise single circuits are reversed while a block exceeds one side and a neighbour has room.
 *
 * Complexity O(B^2 + circuits). Throws TopologyInfeasibleError (rule `unbalanced-ports`) if no
 * orientation within the port limits is found.
 */
import { TopologyInfeasibleError } from '../errors';

export function orientLinks(pairs: { i: number; j: number }[], n: Int32Array, B: number, northPorts: Int32Array, southPorts: Int32Array, where: string): Int32Array {
  const L = new Int32Array(B * B);
  const adj: number[][] = Array.from({ length: B + 1 }, () => []); // edge ids; vertex B is virtual
  const ends: [number, number][] = [];
  pairs.forEach((p, k) => {
    const half = n[k] >> 1;
    L[p.i * B + p.j] += half;
    L[p.j * B + p.i] += half;
    if (n[k] & 1) {
      adj[p.i].push(ends.length);
      adj[p.j].push(ends.length);
      ends.push([p.i, p.j]);
    }
  });
  const real = ends.length;
  for (let v = 0; v < B; v++) {
    if (adj[v].length & 1) {
      adj[v].push(ends.length);
      adj[B].push(ends.length);
      ends.push([v, B]);
    }
  }
  const usedEdge = new Uint8Array(ends.length);
  const ptr = new Int32Array(B + 1);
  for (let start = 0; start <= B; start++) {
    // Hierholzer: walk unused edges; each step orients edge (v -> w).
    const stack = [start];
    while (stack.length > 0) {
      const v = stack[stack.length - 1];
      while (ptr[v] < adj[v].length && usedEdge[adj[v][ptr[v]]]) ptr[v]++;
      if (ptr[v] === adj[v].length) {
        stack.pop();
        continue;
      }
      const e = adj[v][ptr[v]];
      usedEdge[e] = 1;
      const w = ends[e][0] === v ? ends[e][1] : ends[e][0];
      if (e < real) L[v * B + w]++;
      stack.push(w);
    }
  }
  fixUnbalanced(L, B, northPorts, southPorts, where);
  return L;
}

function fixUnbalanced(L: Int32Array, B: number, northPorts: Int32Array, southPorts: Int32Array, where: string): void {
  const out = new Int32Array(B);
  const inn = new Int32Array(B);
  for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) (out[i] += L[i * B + j]), (inn[j] += L[i * B + j]);
  for (let guard = 0; guard < 4 * B * B; guard++) {
    let bad = -1;
    for (let v = 0; v < B && bad < 0; v++) if (out[v] > northPorts[v] || inn[v] > southPorts[v]) bad = v;
    if (bad < 0) return;
    let fixed = false;
    for (let w = 0; w < B && !fixed; w++) {
      if (out[bad] > northPorts[bad] && L[bad * B + w] > 0 && out[w] < northPorts[w] && inn[bad] < southPorts[bad]) {
        L[bad * B + w]--, L[w * B + bad]++, out[bad]--, inn[w]--, out[w]++, inn[bad]++;
        fixed = true;
      } else if (inn[bad] > southPorts[bad] && L[w * B + bad] > 0 && inn[w] < southPorts[w] && out[bad] < northPorts[bad]) {
        L[w * B + bad]--, L[bad * B + w]++, inn[bad]--, out[w]--, inn[w]++, out[bad]++;
        fixed = true;
      }
    }
    if (!fixed) break;
  }
  throw new TopologyInfeasibleError(where, 'unbalanced-ports', 'could not orient the links within the blocks\' north and south port counts; give blocks equal north and south ports or lower the traffic-driven link counts');
}
