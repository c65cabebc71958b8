/**
 * The verifier's own view of a fabric. Deliberately NOT the planners' FabricModel: an independent
 * check must not share the code whose output it checks, so a bug in the model's slot arithmetic
 * cannot hide itself. Plain per-switch arrays and maps, built straight from the spec.
 *
 * Besides the per-switch objects it numbers switches and endpoints once, and keeps fibres, failed
 * ports and health in flat typed arrays indexed by port id (see portId). A 320-block mesh has
 * 320,000 circuits; looking each one up through string keys and Sets cost seconds per verifier,
 * the arrays cost milliseconds. Ports outside 0..portStride-1 (or not integers) have no port id;
 * the helpers below answer for them from the per-switch objects, exactly as before.
 *
 * Complexity O(switch ports + fibres).
 */
import type { FabricSpec, Fibre, PortSide } from '../types';

export interface VerifierSwitch {
  id: string;
  /** Number of the switch in this index (switchIds[no] === id). */
  no: number;
  ports: Record<PortSide, number>;
  healthy: boolean;
  failed: Record<PortSide, Set<number>>;
  /** fibres[side][port] (1-based port). */
  fibres: Record<PortSide, (Fibre | undefined)[]>;
}

export interface VerifierIndex {
  switches: Map<string, VerifierSwitch>;
  endpointHealthy: Map<string, boolean>;
  /** endpoint id -> port label -> fibre. */
  endpointPorts: Map<string, Map<string, Fibre>>;
  /** Switch ids by number. */
  switchIds: string[];
  /** 1 + the largest port count of any side of any switch: ports 0..portStride-1 have a port id. */
  portStride: number;
  /** Endpoint ids by number: the spec's endpoints, then any endpoint only a fibre names. */
  endpointIds: string[];
  endpointNo: Map<string, number>;
  /** By endpoint number: 0 when the spec marks the endpoint unhealthy (unknown endpoints count as healthy). */
  endpointOk: Uint8Array;
  /** By port id: the endpoint number the port is fibred to, or -1. */
  fibreEnd: Int32Array;
  /** By port id: 1 when the port is failed. */
  portFailed: Uint8Array;
}

/** Side numbers used in port ids. */
export const NORTH = 0;
export const SOUTH = 1;
export type SideNo = typeof NORTH | typeof SOUTH;

/** The port id of (switch number, side, port), or -1 when the port has none (see the file comment). */
export function portId(idx: VerifierIndex, switchNo: number, side: SideNo, port: number): number {
  if (!Number.isInteger(port) || port < 0 || port >= idx.portStride) return -1;
  return (switchNo * idx.portStride + port) * 2 + side;
}

/** The endpoint number a switch port is fibred to, or -1; any port number, like `sw.fibres[side][port]`. */
export function fibreEndpointNo(idx: VerifierIndex, sw: VerifierSwitch, side: SideNo, port: number): number {
  const id = portId(idx, sw.no, side, port);
  if (id >= 0) return idx.fibreEnd[id];
  const f = sw.fibres[side === NORTH ? 'north' : 'south'][port];
  return f ? (idx.endpointNo.get(f.endpoint) ?? -1) : -1;
}

/** Whether a switch port is marked failed; any port number, like `sw.failed[side].has(port)`. */
export function isPortFailed(idx: VerifierIndex, sw: VerifierSwitch, side: SideNo, port: number): boolean {
  const id = portId(idx, sw.no, side, port);
  if (id >= 0) return idx.portFailed[id] === 1;
  return sw.failed[side === NORTH ? 'north' : 'south'].has(port);
}

/** Indexes already built for planIntent, per spec object (see cachedIndexForVerifier). */
const indexes = new WeakMap<FabricSpec, VerifierIndex>();

/**
 * The index planIntent verifies its plans with, built once per spec object: planIntent's callers
 * hand it specs as values (withFailures and the generators make new ones rather than change one),
 * so an orchestrator placing reservation after reservation on one pod indexes it once. Code that
 * edits a spec in place (tests) uses indexForVerifier, which always builds afresh.
 */
export function cachedIndexForVerifier(spec: FabricSpec): VerifierIndex {
  let idx = indexes.get(spec);
  if (!idx) indexes.set(spec, (idx = indexForVerifier(spec)));
  return idx;
}

export function indexForVerifier(spec: FabricSpec): VerifierIndex {
  const switches = new Map<string, VerifierSwitch>();
  const switchIds: string[] = [];
  let portStride = 1;
  for (const s of spec.switches) {
    // A repeated id replaces the earlier switch (as the Map always did) but keeps its number.
    const no = switches.get(s.id)?.no ?? switchIds.push(s.id) - 1;
    const failed = { north: new Set<number>(), south: new Set<number>() };
    for (const fp of s.failedPorts ?? []) failed[fp.side].add(fp.port);
    switches.set(s.id, {
      id: s.id,
      no,
      ports: { north: s.northPorts, south: s.southPorts },
      healthy: (s.health ?? 'ok') === 'ok',
      failed,
      fibres: { north: new Array(s.northPorts + 1), south: new Array(s.southPorts + 1) },
    });
    portStride = Math.max(portStride, s.northPorts + 1, s.southPorts + 1);
  }
  const endpointHealthy = new Map<string, boolean>();
  const endpointNo = new Map<string, number>();
  const endpointIds: string[] = [];
  const numberEndpoint = (id: string) => {
    let no = endpointNo.get(id);
    if (no === undefined) endpointNo.set(id, (no = endpointIds.push(id) - 1));
    return no;
  };
  for (const e of spec.endpoints) {
    numberEndpoint(e.id);
    endpointHealthy.set(e.id, (e.health ?? 'ok') === 'ok');
  }
  for (const f of spec.fibres) numberEndpoint(f.endpoint);
  const endpointOk = new Uint8Array(endpointIds.length).fill(1);
  for (const [id, ok] of endpointHealthy) if (!ok) endpointOk[endpointNo.get(id)!] = 0;
  let endpointPorts: Map<string, Map<string, Fibre>> | undefined;
  const idx: VerifierIndex = {
    switches,
    endpointHealthy,
    // Built on first read: only the torus verifier looks fibres up by endpoint port, and a mesh
    // plan of 1,000 OCS need not file 640,000 fibres a second time.
    get endpointPorts() {
      return (endpointPorts ??= endpointPortsOf(spec));
    },
    switchIds,
    portStride,
    endpointIds,
    endpointNo,
    endpointOk,
    fibreEnd: new Int32Array(switchIds.length * portStride * 2).fill(-1),
    portFailed: new Uint8Array(switchIds.length * portStride * 2),
  };
  for (const sw of switches.values()) {
    for (const p of sw.failed.north) markFailed(idx, sw.no, NORTH, p);
    for (const p of sw.failed.south) markFailed(idx, sw.no, SOUTH, p);
  }
  for (const f of spec.fibres) {
    const sw = switches.get(f.switchId);
    if (sw) {
      sw.fibres[f.side][f.port] = f;
      const id = portId(idx, sw.no, f.side === 'north' ? NORTH : SOUTH, f.port);
      if (id >= 0) idx.fibreEnd[id] = endpointNo.get(f.endpoint)!;
    }
  }
  return idx;
}

function endpointPortsOf(spec: FabricSpec): Map<string, Map<string, Fibre>> {
  const byEndpoint = new Map<string, Map<string, Fibre>>();
  for (const e of spec.endpoints) byEndpoint.set(e.id, new Map());
  for (const f of spec.fibres) byEndpoint.get(f.endpoint)?.set(f.endpointPort, f);
  return byEndpoint;
}

function markFailed(idx: VerifierIndex, switchNo: number, side: SideNo, port: number): void {
  const id = portId(idx, switchNo, side, port);
  if (id >= 0) idx.portFailed[id] = 1;
}
