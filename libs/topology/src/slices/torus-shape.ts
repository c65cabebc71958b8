/**
 * Which slice shapes a cube pod can wire, and how: the rules, checked before any placement.
 *
 * Rules (TopologyInfeasibleError.rule):
 * - `shape-multiple-of-cube`: every dimension is a positive multiple of the cube edge (4 on TPU v4),
 *   because the OCS joins whole cube faces, never single chips;
 * - `twist-shape`: a twisted torus needs dims of exactly two sizes K and 2K with 2A = B = C or
 *   2A = 2B = C (up to order), every dim a multiple of the cube edge (Google Cloud TPU v4 docs:
 *   4x4x8, 4x8x8, 12x12x24 qualify; 4x8x16 does not).
 *
 * Twist (same definition as verify/torus.verifier.ts, written separately): the wrap-around link of
 * each short dim (size K) also advances every long dim (size 2K) by K chips, i.e. K/edge cubes.
 *
 * Complexity O(1).
 */
import { TopologyInfeasibleError, TopologyInvalidArgumentError } from '../errors';

export interface TorusShapeInfo {
  /** Grid of cubes along x, y, z. */
  grid: [number, number, number];
  cubeCount: number;
  /** Present for a twisted torus: short and long dims, and the shift K in cubes. */
  twist?: { short: number[]; long: number[]; shiftCubes: number };
}

export function classifyTorusShape(shape: readonly number[], twisted: boolean, cubeEdge = 4, where = 'slices/classifyTorusShape'): TorusShapeInfo {
  if (shape.length !== 3 || shape.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new TopologyInvalidArgumentError(where, `shape must be three positive integers [A, B, C] in chips, got ${JSON.stringify(shape)}`);
  }
  if (shape.some((v) => v % cubeEdge !== 0)) {
    throw new TopologyInfeasibleError(
      where,
      'shape-multiple-of-cube',
      `shape ${shape.join('x')} is not a whole number of ${cubeEdge}x${cubeEdge}x${cubeEdge} cubes; round every dimension to a multiple of ${cubeEdge}`,
    );
  }
  const grid: [number, number, number] = [shape[0] / cubeEdge, shape[1] / cubeEdge, shape[2] / cubeEdge];
  const info: TorusShapeInfo = { grid, cubeCount: grid[0] * grid[1] * grid[2] };
  if (!twisted) return info;
  const k = Math.min(...shape);
  const short = [0, 1, 2].filter((d) => shape[d] === k);
  const long = [0, 1, 2].filter((d) => shape[d] === 2 * k);
  if (short.length + long.length !== 3 || long.length === 0) {
    throw new TopologyInfeasibleError(
      where,
      'twist-shape',
      `shape ${shape.join('x')} cannot be twisted: a twisted torus needs 2A = B = C or 2A = 2B = C (e.g. 4x4x8, 4x8x8, 12x12x24); ask for an untwisted torus instead`,
    );
  }
  info.twist = { short, long, shiftCubes: k / cubeEdge };
  return info;
}

/** Grid position of the +d neighbour of cube position g (wrap-around and twist included). */
export function nextCubePosition(info: TorusShapeInfo, g: readonly number[], d: number): [number, number, number] {
  const q: [number, number, number] = [g[0], g[1], g[2]];
  if (q[d] + 1 < info.grid[d]) {
    q[d] += 1;
    return q;
  }
  q[d] = 0;
  if (info.twist && info.twist.short.includes(d)) {
    for (const l of info.twist.long) q[l] = (q[l] + info.twist.shiftCubes) % info.grid[l];
  }
  return q;
}
