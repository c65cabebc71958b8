import { blockId } from '@lightpath/topology';

export interface MeshLink {
  a: string;
  b: string;
  links: number;
}

/**
 * A mesh that fills every OCS of a block fabric built with one north and one south port per block
 * per OCS: `ocs` circulant permutations (block u -> u + s for s = 1, 2, ..., wrapping past
 * blocks - 1), so every block sends exactly `ocs` links and receives exactly `ocs`, no block links
 * to itself, and each OCS can carry one permutation (blocks circuits). 320 blocks over 1,000 OCS
 * is the 320,000-circuit mesh, as `blocks x (blocks - 1)` entries at most.
 */
export function fullMesh(blocks: number, ocs: number): MeshLink[] {
  if (!Number.isInteger(blocks) || blocks < 2) throw new Error(`fullMesh: blocks must be an integer >= 2 (got ${blocks})`);
  if (!Number.isInteger(ocs) || ocs < 1) throw new Error(`fullMesh: ocs must be an integer >= 1 (got ${ocs})`);
  const counts = new Map<number, number>();
  for (let k = 0; k < ocs; k++) {
    const shift = 1 + (k % (blocks - 1));
    counts.set(shift, (counts.get(shift) ?? 0) + 1);
  }
  const links: MeshLink[] = [];
  for (let u = 0; u < blocks; u++) {
    for (const [shift, n] of counts) links.push({ a: blockId(u), b: blockId((u + shift) % blocks), links: n });
  }
  return links;
}
