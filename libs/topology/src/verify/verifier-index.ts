/**
 * The verifier's own view of a fabric. Deliberately NOT the planners' FabricModel: an independent
 * check must not share the code whose output it checks, so a bug in the model's slot arithmetic
 * cannot hide itself. Plain per-switch arrays and maps, built straight from the spec.
 *
 * Complexity O(switch ports + fibres).
 */
import type { FabricSpec, Fibre, PortSide } from '../types';

export interface VerifierSwitch {
  id: string;
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
  for (const s of spec.switches) {
    const failed = { north: new Set<number>(), south: new Set<number>() };
    for (const fp of s.failedPorts ?? []) failed[fp.side].add(fp.port);
    switches.set(s.id, {
      id: s.id,
      ports: { north: s.northPorts, south: s.southPorts },
      healthy: (s.health ?? 'ok') === 'ok',
      failed,
      fibres: { north: new Array(s.northPorts + 1), south: new Array(s.southPorts + 1) },
    });
  }
  const endpointHealthy = new Map<string, boolean>();
  const endpointPorts = new Map<string, Map<string, Fibre>>();
  for (const e of spec.endpoints) {
    endpointHealthy.set(e.id, (e.health ?? 'ok') === 'ok');
    endpointPorts.set(e.id, new Map());
  }
  for (const f of spec.fibres) {
    const sw = switches.get(f.switchId);
    if (sw) sw.fibres[f.side][f.port] = f;
    endpointPorts.get(f.endpoint)?.set(f.endpointPort, f);
  }
  return { switches, endpointHealthy, endpointPorts };
}
