/**
 * Port labels of a TPU-v4-style cube: `<dim><sign>:<k>`, e.g. `x+:3` is face-link 3 of the +x face.
 *
 * Face-link index k of the chip at local coordinates (u, v) on a face is `u * edge + v`, where (u, v)
 * are the chip's two coordinates other than the face's dimension, in x, y, z order (so for an x face
 * u = y, v = z; for a y face u = x, v = z; for a z face u = x, v = y). With this numbering the link
 * leaving +d of chip (.., u, v) lands on the chip with the same (u, v) on the -d face of the next
 * cube, because both faces use the same k on the same OCS(d, k). The slice planner and the verifier
 * rely only on this convention, not on each other's code.
 */

export type CubeDim = 'x' | 'y' | 'z';
export const CUBE_DIMS: readonly CubeDim[] = ['x', 'y', 'z'];

export function cubePortLabel(dim: CubeDim, sign: '+' | '-', k: number): string {
  return `${dim}${sign}:${k}`;
}

/** Parses `x+:3`; returns undefined for any other label (e.g. a block uplink `u17`). */
export function parseCubePortLabel(label: string): { dim: 0 | 1 | 2; sign: '+' | '-'; k: number } | undefined {
  const m = /^([xyz])([+-]):(\d+)$/.exec(label);
  if (!m) return undefined;
  return { dim: CUBE_DIMS.indexOf(m[1] as CubeDim) as 0 | 1 | 2, sign: m[2] as '+' | '-', k: Number(m[3]) };
}
