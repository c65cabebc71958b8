import type { PortStatus } from '@lightpath/contracts';
import type { Pair } from './drift';

/**
 * A fingerprint of what a switch reports that drift depends on (drift.ts): its cross-connect pairs
 * and its failed ports; not losses, times or optical power, which change without changing drift.
 *
 * Why: every agent sends each switch's full snapshot every 30 s, and each used to cost the leader
 * a look (a Redis read of the switch's whole desired and actual state, parsed). A switch whose last
 * look settled it (converged, nothing held, nothing changed since) and whose snapshot shows the same
 * pairs and failed ports has the same drift, none, so the look is skipped (reconciler.service.ts).
 *
 * Order does not matter (sum and xor of two independent 32-bit mixes of each element, beside the
 * counts): two different pictures agree only by a collision of both 32-bit sums, and a missed look
 * is still made by the next full pass. Linear in the pairs, no allocation per pair.
 */
export function driftInputsFingerprint(pairs: readonly Pair[], ports: readonly PortStatus[]): string {
  let sum = 0;
  let xor = 0;
  for (const p of pairs) {
    const x = p.north * 65_536 + p.south;
    sum = (sum + mix(x)) | 0;
    xor ^= mix(x ^ 0x9e3779b9);
  }
  let failed = 0;
  let fsum = 0;
  for (const p of ports) {
    if (p.health !== 'failed') continue;
    failed++;
    fsum = (fsum + mix((p.side === 'north' ? 0x4000_0000 : 0) + p.port)) | 0;
  }
  return `${pairs.length}:${sum}:${xor}/${failed}:${fsum}`;
}

/** Murmur3's 32-bit finaliser: every input bit moves about half of the output bits. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h;
}
