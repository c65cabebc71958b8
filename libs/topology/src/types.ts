/**
 * Plain data types shared by every part of the topology engine. Everything here is serialisable
 * (JSON in, JSON out) so the same values flow through the library API, the offline CLI and the
 * orchestrator's Redis state without conversion.
 *
 * Conventions:
 * - switch ports are 1-based per side (north 1..northPorts, south 1..southPorts), as vendors number them;
 * - a cross-connect joins one north port to one south port of the same switch;
 * - a fibre ties one endpoint port to one switch port; an endpoint port is a string label
 *   (for a cube: "x+:3" is link 3 of its +x face; for a block: "u17").
 */

export type PortSide = 'north' | 'south';
export type SwitchHealth = 'ok' | 'failed' | 'drained';
export type EndpointKind = 'block' | 'cube' | 'host';

export interface SwitchSpec {
  id: string;
  northPorts: number;
  southPorts: number;
  health?: SwitchHealth;
  /** Ports that must receive no new cross-connect (failed, or reserved for other use). */
  failedPorts?: { side: PortSide; port: number }[];
}

export interface EndpointSpec {
  id: string;
  kind: EndpointKind;
  health?: 'ok' | 'failed';
  /** For cubes: position in the pod is not fixed by wiring; spares are cubes marked spare. */
  spare?: boolean;
}

export interface Fibre {
  endpoint: string;
  endpointPort: string;
  switchId: string;
  side: PortSide;
  port: number;
}

export interface CrossConnect {
  switchId: string;
  north: number;
  south: number;
}

/** Declarative fabric description (see docs/fabric-spec.md). */
export interface FabricSpec {
  version: 1;
  name: string;
  switches: SwitchSpec[];
  endpoints: EndpointSpec[];
  fibres: Fibre[];
  /**
   * May a circuit join an endpoint to itself (a link demand with a === b)? Default false: a
   * loopback carries no traffic between endpoints and is almost always a typo, so intents asking for
   * one are refused with rule `no-loopback`. Set true for fabrics used for loopback testing.
   */
  allowLoopbacks?: boolean;
}

/** Per-switch change set: what to tear down and what to build. */
export interface SwitchChange {
  switchId: string;
  remove: { north: number; south: number }[];
  add: { north: number; south: number }[];
}

export interface Stage {
  index: number;
  changes: SwitchChange[];
}

/**
 * A requested number of links from endpoint a (north side) to endpoint b (south side); a === b is a
 * loopback, refused unless the fabric allows it. `directed: false` (mesh and rewire targets only)
 * asks for `links` between a and b in either direction: the planner picks the split that needs the
 * fewest changes (rewire/direction-split.ts).
 */
export interface LinkDemand {
  a: string;
  b: string;
  links: number;
  directed?: boolean;
}

/**
 * A torus slice laid out on cubes (see docs/topology-cli.md for the twist definition).
 * `cubes[gx + GX * (gy + GY * gz)]` is the cube at grid position (gx, gy, gz), where
 * (GX, GY, GZ) = shape / cubeEdge.
 */
export interface TorusLayout {
  /** Slice shape in chips, [A, B, C] along x, y, z. */
  shape: [number, number, number];
  twisted: boolean;
  /** Chips along each cube edge; default 4 (TPU v4). */
  cubeEdge?: number;
  cubes: string[];
}

/** Sizes of a change set. `modified` counts a removal and an addition on the same switch as one changed cross-connect. */
export interface ChangeCounts {
  removed: number;
  added: number;
  /** removed + added: every cross-connect torn down or built. */
  touched: number;
  /** sum over switches of max(removed, added): circuits whose ends move, the count ocs-facts uses for cube repair. */
  modified: number;
}
