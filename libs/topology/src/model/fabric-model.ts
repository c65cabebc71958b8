/**
 * The fabric model: a spec turned into flat index structures for the hot paths, plus a graphology
 * view built on first use.
 *
 * Why two representations: synthesis touches every switch port many times, and at 1,000 OCS x 320
 * ports (640k switch ports) Map lookups and per-port objects dominate the run time and memory;
 * typed arrays indexed by a "slot" (switch base + port - 1) keep a build in O(ports + fibres) time
 * and a few MB. The graphology graph (switch and endpoint nodes, fibre edges) is for callers that
 * want graph algorithms and is built lazily so planners never pay for it.
 *
 * Slots: north port p (1-based) of switch s lives at `northBase[s] + p - 1` in every north array
 * (likewise south). `-1` means "none" in the Int32Arrays.
 *
 * Invariants (checked by checkFabricSpecReferences before building): every fibre names an existing
 * switch and endpoint, a port within range, and no switch port or endpoint port label twice.
 */
import { MultiDirectedGraph } from 'graphology';
import { TopologyNotFoundError, TopologySpecError } from '../errors';
import { checkFabricSpecReferences } from '../spec/fabric-spec.checks';
import type { EndpointKind, FabricSpec, Fibre, PortSide } from '../types';

export type FabricNodeAttributes =
  | { type: 'switch'; northPorts: number; southPorts: number; health: 'ok' | 'failed' | 'drained' }
  | { type: 'endpoint'; kind: EndpointKind; health: 'ok' | 'failed'; spare: boolean };

export type FabricEdgeAttributes =
  | { kind: 'fibre'; fibre: number; side: PortSide; port: number; endpointPort: string }
  | { kind: 'circuit'; switchId: string; north: number; south: number };

export type FabricGraph = MultiDirectedGraph<FabricNodeAttributes, FabricEdgeAttributes>;

export interface BuildFabricModelOptions {
  /** Skip the cross-field checks when the spec was already validated (e.g. by parseFabricSpec). */
  trusted?: boolean;
}

export class FabricModel {
  readonly switchIds: string[];
  readonly switchIndex = new Map<string, number>();
  readonly endpointIds: string[];
  readonly endpointIndex = new Map<string, number>();
  readonly endpointKind: EndpointKind[];
  /** 1 when the endpoint is healthy. */
  readonly endpointHealthy: Uint8Array;
  readonly endpointSpare: Uint8Array;
  readonly northPorts: Int32Array;
  readonly southPorts: Int32Array;
  /** Prefix sums, length switches + 1: the slot of north port 1 of switch s is northBase[s]. */
  readonly northBase: Int32Array;
  readonly southBase: Int32Array;
  /** 1 when the switch is healthy ('ok'); a failed or drained switch takes no new cross-connect. */
  readonly switchHealthy: Uint8Array;
  /** Endpoint index fibred to each slot, or -1. */
  readonly northEndpoint: Int32Array;
  readonly southEndpoint: Int32Array;
  /** Index into spec.fibres for each slot, or -1. */
  readonly northFibre: Int32Array;
  readonly southFibre: Int32Array;
  /** 1 when the port may take a new cross-connect: port not failed and switch healthy (I2). */
  readonly northUsable: Uint8Array;
  readonly southUsable: Uint8Array;
  /** Per endpoint: port label -> fibre index. */
  readonly endpointPorts: Map<string, number>[];
  private graphCache: FabricGraph | undefined;

  constructor(readonly spec: FabricSpec) {
    const nS = spec.switches.length;
    this.switchIds = spec.switches.map((s) => s.id);
    this.northPorts = new Int32Array(nS);
    this.southPorts = new Int32Array(nS);
    this.northBase = new Int32Array(nS + 1);
    this.southBase = new Int32Array(nS + 1);
    this.switchHealthy = new Uint8Array(nS);
    for (let s = 0; s < nS; s++) {
      const sw = spec.switches[s];
      this.switchIndex.set(sw.id, s);
      this.northPorts[s] = sw.northPorts;
      this.southPorts[s] = sw.southPorts;
      this.northBase[s + 1] = this.northBase[s] + sw.northPorts;
      this.southBase[s + 1] = this.southBase[s] + sw.southPorts;
      this.switchHealthy[s] = (sw.health ?? 'ok') === 'ok' ? 1 : 0;
    }
    const totalNorth = this.northBase[nS];
    const totalSouth = this.southBase[nS];
    this.northEndpoint = new Int32Array(totalNorth).fill(-1);
    this.southEndpoint = new Int32Array(totalSouth).fill(-1);
    this.northFibre = new Int32Array(totalNorth).fill(-1);
    this.southFibre = new Int32Array(totalSouth).fill(-1);
    this.northUsable = new Uint8Array(totalNorth);
    this.southUsable = new Uint8Array(totalSouth);
    this.markUsablePorts();
    const nE = spec.endpoints.length;
    this.endpointIds = spec.endpoints.map((e) => e.id);
    this.endpointKind = spec.endpoints.map((e) => e.kind);
    this.endpointHealthy = new Uint8Array(nE);
    this.endpointSpare = new Uint8Array(nE);
    this.endpointPorts = [];
    for (let e = 0; e < nE; e++) {
      const ep = spec.endpoints[e];
      this.endpointIndex.set(ep.id, e);
      this.endpointHealthy[e] = (ep.health ?? 'ok') === 'ok' ? 1 : 0;
      this.endpointSpare[e] = ep.spare ? 1 : 0;
      this.endpointPorts.push(new Map());
    }
    this.indexFibres();
  }

  /** Usable = on a healthy switch and not listed in its failedPorts (I2). */
  private markUsablePorts(): void {
    for (let s = 0; s < this.switchCount; s++) {
      if (!this.switchHealthy[s]) continue;
      this.northUsable.fill(1, this.northBase[s], this.northBase[s + 1]);
      this.southUsable.fill(1, this.southBase[s], this.southBase[s + 1]);
      for (const fp of this.spec.switches[s].failedPorts ?? []) {
        if (fp.side === 'north') this.northUsable[this.northBase[s] + fp.port - 1] = 0;
        else this.southUsable[this.southBase[s] + fp.port - 1] = 0;
      }
    }
  }

  private indexFibres(): void {
    const fibres = this.spec.fibres;
    for (let i = 0; i < fibres.length; i++) {
      const f = fibres[i];
      const s = this.switchIndex.get(f.switchId)!;
      const e = this.endpointIndex.get(f.endpoint)!;
      if (f.side === 'north') {
        const slot = this.northBase[s] + f.port - 1;
        this.northEndpoint[slot] = e;
        this.northFibre[slot] = i;
      } else {
        const slot = this.southBase[s] + f.port - 1;
        this.southEndpoint[slot] = e;
        this.southFibre[slot] = i;
      }
      this.endpointPorts[e].set(f.endpointPort, i);
    }
  }

  get switchCount(): number {
    return this.switchIds.length;
  }

  get endpointCount(): number {
    return this.endpointIds.length;
  }

  /** Switch index by id; throws TopologyNotFoundError naming the caller. */
  switchOf(id: string, where = 'model/switchOf'): number {
    const s = this.switchIndex.get(id);
    if (s === undefined) throw new TopologyNotFoundError(where, `unknown switch "${id}"; use a switch id from the fabric spec`);
    return s;
  }

  /** Endpoint index by id; throws TopologyNotFoundError naming the caller. */
  endpointOf(id: string, where = 'model/endpointOf'): number {
    const e = this.endpointIndex.get(id);
    if (e === undefined) throw new TopologyNotFoundError(where, `unknown endpoint "${id}"; use an endpoint id from the fabric spec`);
    return e;
  }

  /** The fibre on a switch port, if any (port 1-based). */
  fibreAt(switchIndex: number, side: PortSide, port: number): Fibre | undefined {
    const max = side === 'north' ? this.northPorts[switchIndex] : this.southPorts[switchIndex];
    if (port < 1 || port > max) return undefined;
    const f = side === 'north' ? this.northFibre[this.northBase[switchIndex] + port - 1] : this.southFibre[this.southBase[switchIndex] + port - 1];
    return f < 0 ? undefined : this.spec.fibres[f];
  }

  /** The fibre of an endpoint's port label (e.g. `x+:3`), if any. */
  endpointPortFibre(endpointIndex: number, label: string): Fibre | undefined {
    const f = this.endpointPorts[endpointIndex].get(label);
    return f === undefined ? undefined : this.spec.fibres[f];
  }

  /** graphology view: switch and endpoint nodes keyed by id, one edge per fibre (endpoint -> switch). */
  get graph(): FabricGraph {
    if (!this.graphCache) this.graphCache = buildFabricGraph(this);
    return this.graphCache;
  }
}

function buildFabricGraph(model: FabricModel): FabricGraph {
  const g: FabricGraph = new MultiDirectedGraph();
  for (const sw of model.spec.switches) {
    g.addNode(sw.id, { type: 'switch', northPorts: sw.northPorts, southPorts: sw.southPorts, health: sw.health ?? 'ok' });
  }
  for (const ep of model.spec.endpoints) {
    g.addNode(ep.id, { type: 'endpoint', kind: ep.kind, health: ep.health ?? 'ok', spare: ep.spare ?? false });
  }
  model.spec.fibres.forEach((f, i) => {
    g.addDirectedEdgeWithKey(`fibre:${i}`, f.endpoint, f.switchId, {
      kind: 'fibre',
      fibre: i,
      side: f.side,
      port: f.port,
      endpointPort: f.endpointPort,
    });
  });
  return g;
}

/**
 * Trusted models already built, per spec object. planIntent's callers hand it specs as values
 * (withFailures and the generators make new ones rather than change one), and a model never
 * changes after its constructor, so an orchestrator placing reservation after reservation on one
 * pod builds its O(ports + fibres) index once. Untrusted builds (specs being checked, tests that
 * edit a spec in place) always build afresh.
 */
const trustedModels = new WeakMap<FabricSpec, FabricModel>();

/**
 * Builds the model. Throws TopologySpecError listing every broken reference unless `trusted`; a
 * trusted build is cached per spec object. Complexity O(switch ports + fibres).
 */
export function buildFabricModel(spec: FabricSpec, options: BuildFabricModelOptions = {}): FabricModel {
  if (options.trusted) {
    let model = trustedModels.get(spec);
    if (!model) trustedModels.set(spec, (model = new FabricModel(spec)));
    return model;
  }
  const issues = checkFabricSpecReferences(spec);
  if (issues.length > 0) throw new TopologySpecError('model/buildFabricModel', issues);
  return new FabricModel(spec);
}
