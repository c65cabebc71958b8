/**
 * Generator: Jupiter-style block fabric (SIGCOMM 2022 "Jupiter Evolving"; sizes in
 * docs/ocs-facts.md).
 *
 * `blocks` aggregation blocks with `uplinks` optical uplinks each, spread evenly over `ocs` switches:
 * every block has r = uplinks / (2 x ocs) north and r south ports on every OCS (r = 1 in Jupiter and
 * in "J64": 64 blocks x 512 uplinks over 256 OCS of 136 ports). Uplink j of block b goes to OCS
 * floor(j / 2r); the first r of its 2r uplinks there are north ports b*r+1..b*r+r, the next r south
 * ports. Ids: `block-<b>`, `ocs-<m>`, uplink labels `u<j>`.
 *
 * Complexity: O(blocks x uplinks) fibres. Invariant: every uplink is fibred exactly once and every
 * OCS sees every block on both sides, so any block-level multigraph with degree <= r per OCS side is
 * realisable (Konig).
 */
import { TopologyInvalidArgumentError } from '../errors';
import type { EndpointSpec, FabricSpec, Fibre, SwitchSpec } from '../types';
import { nameOption, portsPerOcsOption, sizeOption } from './generator-options';

export interface BlockFabricOptions {
  blocks?: number;
  uplinks?: number;
  ocs?: number;
  portsPerOcs?: number;
  name?: string;
}

export function blockId(b: number): string {
  return `block-${b}`;
}

export function blockFabricSwitchId(m: number): string {
  return `ocs-${m}`;
}

/** The J64 benchmark sizing: 64 blocks x 512 uplinks over 256 OCS of 136 ports. */
export const J64: Required<Omit<BlockFabricOptions, 'name'>> = { blocks: 64, uplinks: 512, ocs: 256, portsPerOcs: 136 };

function check(ok: boolean, message: string): void {
  if (!ok) throw new TopologyInvalidArgumentError('generators/generateBlockFabric', message);
}

export function generateBlockFabric(options: BlockFabricOptions = {}): FabricSpec {
  const blocks = options.blocks ?? J64.blocks;
  const uplinks = options.uplinks ?? J64.uplinks;
  const ocs = options.ocs ?? J64.ocs;
  const portsPerOcs = options.portsPerOcs ?? J64.portsPerOcs;
  for (const [k, v] of Object.entries({ blocks, uplinks, ocs })) sizeOption('generateBlockFabric', k, v, 1);
  portsPerOcsOption('generateBlockFabric', portsPerOcs);
  const name = nameOption('generateBlockFabric', options.name, `block-fabric-${blocks}x${uplinks}x${ocs}`);
  check(
    uplinks % (2 * ocs) === 0,
    `uplinks (${uplinks}) must be a multiple of 2 x ocs (${2 * ocs}) so every block has equal north and south ports on every OCS; adjust uplinks or ocs`,
  );
  const r = uplinks / (2 * ocs);
  check(
    blocks * r <= portsPerOcs,
    `${blocks} blocks x ${r} ports per side need ${blocks * r} ports per OCS side but portsPerOcs is ${portsPerOcs}; use more OCS or larger switches`,
  );
  const switches: SwitchSpec[] = [];
  for (let m = 0; m < ocs; m++) switches.push({ id: blockFabricSwitchId(m), northPorts: portsPerOcs, southPorts: portsPerOcs });
  const endpoints: EndpointSpec[] = [];
  const fibres: Fibre[] = [];
  for (let b = 0; b < blocks; b++) {
    const id = blockId(b);
    endpoints.push({ id, kind: 'block' });
    for (let j = 0; j < uplinks; j++) {
      const m = Math.floor(j / (2 * r));
      const within = j % (2 * r);
      fibres.push({
        endpoint: id,
        endpointPort: `u${j}`,
        switchId: blockFabricSwitchId(m),
        side: within < r ? 'north' : 'south',
        port: b * r + (within % r) + 1,
      });
    }
  }
  return { version: 1, name, switches, endpoints, fibres };
}
