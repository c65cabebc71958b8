import { DirectedGraph } from 'graphology';
import type { ActiveCrossConnect, PortStatus } from '@lightpath/contracts';
import type { SwitchRecord } from '@lightpath/state';

type Side = 'north' | 'south';

interface SwitchNode extends SwitchRecord {
  kind: 'switch';
}

interface PortNode {
  kind: 'port';
  switchId: string;
  side: Side;
  port: number;
  health: PortStatus['health'];
  powerDbm: number | null;
}

interface CircuitEdge {
  lossDb: number;
  since: number;
}

type NodeAttrs = SwitchNode | PortNode;

/**
 * The orchestrator's in-memory model of every switch matrix: switch nodes, port nodes and one
 * directed edge north -> south per actual cross-connect, with port health on the port nodes.
 * Port nodes exist only for ports that carry a cross-connect or are not healthy, so a fabric of
 * thousands of 320-port switches costs memory in proportion to what is in use, not to its size.
 * It is a cache: Redis is the truth, and the graph is rebuilt from it on start.
 */
export class FabricGraph {
  private readonly graph = new DirectedGraph<NodeAttrs, CircuitEdge>();
  private readonly portsOf = new Map<string, Set<string>>();
  /**
   * Per switch: its port nodes that are not healthy, and how many cross-connects it has. Kept as the
   * graph changes so the fabric watcher's look (every 250 ms) and GET /v1/switches cost what is
   * unhealthy and one number per switch, not a pass over every port in use: at 1,000 OCS carrying
   * 320,000 circuits those passes held the event loop for most of each second (bench:scale).
   */
  private readonly unhealthyOf = new Map<string, Set<string>>();
  private readonly circuitCount = new Map<string, number>();

  static portKey(switchId: string, side: Side, port: number): string {
    return `${switchId}/${side === 'north' ? 'n' : 's'}/${port}`;
  }

  upsertSwitch(record: SwitchRecord): void {
    this.graph.mergeNode(record.switchId, { kind: 'switch', ...record });
    if (!this.portsOf.has(record.switchId)) this.portsOf.set(record.switchId, new Set());
  }

  setDrained(switchId: string, drained: boolean): void {
    if (this.graph.hasNode(switchId)) this.graph.mergeNodeAttributes(switchId, { drained });
  }

  touchSwitch(switchId: string, lastSeen: number, powered: boolean, consuming?: boolean): void {
    if (!this.graph.hasNode(switchId)) return;
    this.graph.mergeNodeAttributes(switchId, consuming === undefined ? { lastSeen, powered } : { lastSeen, powered, consuming });
  }

  getSwitch(switchId: string): SwitchRecord | undefined {
    if (!this.graph.hasNode(switchId)) return undefined;
    const { kind: _kind, ...record } = this.graph.getNodeAttributes(switchId) as SwitchNode;
    return record;
  }

  switchIds(): string[] {
    return [...this.portsOf.keys()].sort();
  }

  /**
   * Replaces a switch's cross-connects and port states with a full snapshot. The model ends as if
   * it were rebuilt from the snapshot alone, but only what differs is changed: a switch reports its
   * snapshot every 30 s, and at 1,000 OCS holding 320,000 circuits dropping and re-adding every
   * port and edge each time kept a core busy and the heap churning by hundreds of MB (bench:scale).
   */
  replaceActual(switchId: string, crossConnects: ActiveCrossConnect[], ports: PortStatus[]): void {
    const reported = new Map<string, PortStatus>();
    for (const p of ports) reported.set(FabricGraph.portKey(switchId, p.side, p.port), p);
    // north port key -> [south port key, circuit]; a later circuit on a port replaces an earlier one, as addCrossConnect does.
    const wanted = new Map<string, [string, ActiveCrossConnect]>();
    const bySouth = new Map<string, string>();
    for (const c of crossConnects) {
      const n = FabricGraph.portKey(switchId, 'north', c.north);
      const s = FabricGraph.portKey(switchId, 'south', c.south);
      const before = wanted.get(n);
      if (before) bySouth.delete(before[0]);
      const other = bySouth.get(s);
      if (other !== undefined) wanted.delete(other);
      wanted.set(n, [s, c]);
      bySouth.set(s, n);
    }
    const mine = this.portsOf.get(switchId) ?? new Set<string>();
    this.portsOf.set(switchId, mine);
    // Ports neither reported nor carrying a circuit go, with their edges: the model holds what is in use or reported.
    for (const key of [...mine]) {
      if (!reported.has(key) && !wanted.has(key) && !bySouth.has(key)) {
        this.graph.dropNode(key);
        mine.delete(key);
      }
    }
    // Edges the snapshot does not have go; those it has keep their edge, with its attributes brought up to date.
    for (const key of mine) {
      if ((this.graph.getNodeAttributes(key) as PortNode).side !== 'north') continue;
      const want = wanted.get(key);
      for (const edge of this.graph.outEdges(key)) {
        if (want && this.graph.target(edge) === want[0] && this.graph.outDegree(key) === 1) {
          const attrs = this.graph.getEdgeAttributes(edge);
          if (attrs.lossDb !== want[1].lossDb || attrs.since !== want[1].since) this.graph.mergeEdgeAttributes(edge, { lossDb: want[1].lossDb, since: want[1].since });
          wanted.delete(key);
        } else this.graph.dropEdge(edge);
      }
    }
    // Port states: what the switch reports; a port it does not report but a circuit uses is healthy.
    this.unhealthyOf.delete(switchId);
    for (const p of ports) this.setPort(switchId, p.side, p.port, { health: p.health, powerDbm: p.powerDbm });
    for (const key of mine) {
      if (reported.has(key)) continue;
      const node = this.graph.getNodeAttributes(key) as PortNode;
      if (node.health !== 'ok' || node.powerDbm !== null) this.graph.mergeNodeAttributes(key, { health: 'ok', powerDbm: null });
    }
    for (const [, c] of wanted.values()) {
      const n = this.ensurePort(switchId, 'north', c.north);
      const s = this.ensurePort(switchId, 'south', c.south);
      for (const edge of this.graph.inEdges(s)) this.graph.dropEdge(edge);
      this.graph.addEdge(n, s, { lossDb: c.lossDb, since: c.since });
    }
    let circuits = 0;
    for (const key of mine) if ((this.graph.getNodeAttributes(key) as PortNode).side === 'north') circuits += this.graph.outDegree(key);
    this.circuitCount.set(switchId, circuits);
  }

  addCrossConnect(switchId: string, c: { north: number; south: number; lossDb: number; since: number }): void {
    const n = this.ensurePort(switchId, 'north', c.north);
    const s = this.ensurePort(switchId, 'south', c.south);
    // A port has one owner (I1): whatever the switch says now replaces an older edge on either port.
    // The same edge is both n's out-edge and s's in-edge when the switch re-reports it: drop it once.
    let dropped = 0;
    // The usual case (a new circuit on free ports) builds no edge lists: acks of a fleet-wide stage add 320,000.
    if (this.graph.outDegree(n) + this.graph.inDegree(s) > 0) {
      for (const edge of new Set([...this.graph.outEdges(n), ...this.graph.inEdges(s)])) {
        this.graph.dropEdge(edge);
        dropped++;
      }
    }
    this.graph.addEdge(n, s, { lossDb: c.lossDb, since: c.since });
    this.countCircuits(switchId, 1 - dropped);
  }

  removeCrossConnect(switchId: string, north: number): void {
    const n = FabricGraph.portKey(switchId, 'north', north);
    if (!this.graph.hasNode(n)) return;
    const edges = this.graph.outEdges(n);
    for (const edge of edges) this.graph.dropEdge(edge);
    this.countCircuits(switchId, -edges.length);
  }

  /** How many cross-connects the switch reports (what crossConnects(id).length would say, without building them). */
  crossConnectCount(switchId: string): number {
    return this.circuitCount.get(switchId) ?? 0;
  }

  crossConnects(switchId: string): ActiveCrossConnect[] {
    const out: ActiveCrossConnect[] = [];
    for (const key of this.portsOf.get(switchId) ?? []) {
      const node = this.graph.getNodeAttributes(key) as PortNode;
      if (node.side !== 'north') continue;
      this.graph.forEachOutEdge(key, (_e, attrs, _src, target) => {
        const south = this.graph.getNodeAttributes(target) as PortNode;
        out.push({ north: node.port, south: south.port, lossDb: attrs.lossDb, since: attrs.since });
      });
    }
    return out.sort((a, b) => a.north - b.north);
  }

  /** Ports that are not plain healthy (failed or degraded), as last reported. */
  unhealthyPorts(switchId: string): PortStatus[] {
    return [...(this.unhealthyOf.get(switchId) ?? [])]
      .map((key) => this.graph.getNodeAttributes(key) as PortNode)
      .filter((p) => p.health !== 'ok')
      .map(({ side, port, health, powerDbm }) => ({ side, port, health, powerDbm }));
  }

  portHealth(switchId: string, side: Side, port: number): PortStatus['health'] {
    const key = FabricGraph.portKey(switchId, side, port);
    return this.graph.hasNode(key) ? (this.graph.getNodeAttributes(key) as PortNode).health : 'ok';
  }

  setPort(switchId: string, side: Side, port: number, attrs: Partial<Pick<PortNode, 'health' | 'powerDbm'>>): void {
    const key = this.ensurePort(switchId, side, port);
    this.graph.mergeNodeAttributes(key, attrs);
    const { health } = this.graph.getNodeAttributes(key) as PortNode;
    let unhealthy = this.unhealthyOf.get(switchId);
    if (health === 'ok') unhealthy?.delete(key);
    else {
      if (!unhealthy) this.unhealthyOf.set(switchId, (unhealthy = new Set()));
      unhealthy.add(key);
    }
  }

  stats(): { switches: number; crossConnects: number; failedPorts: number; degradedPorts: number } {
    let failedPorts = 0;
    let degradedPorts = 0;
    this.graph.forEachNode((_key, attrs) => {
      if (attrs.kind !== 'port') return;
      if (attrs.health === 'failed') failedPorts++;
      if (attrs.health === 'degraded') degradedPorts++;
    });
    return { switches: this.portsOf.size, crossConnects: this.graph.size, failedPorts, degradedPorts };
  }

  private countCircuits(switchId: string, delta: number): void {
    if (delta !== 0) this.circuitCount.set(switchId, (this.circuitCount.get(switchId) ?? 0) + delta);
  }

  private ensurePort(switchId: string, side: Side, port: number): string {
    const key = FabricGraph.portKey(switchId, side, port);
    if (!this.graph.hasNode(key)) {
      this.graph.addNode(key, { kind: 'port', switchId, side, port, health: 'ok', powerDbm: null });
      let set = this.portsOf.get(switchId);
      if (!set) this.portsOf.set(switchId, (set = new Set()));
      set.add(key);
    }
    return key;
  }
}
