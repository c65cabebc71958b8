import type { ActiveCrossConnect, PairResult, PortStatus, SnapshotEvent } from '@lightpath/contracts';
import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';
import { parsePortField, portField } from './port-fields';

export interface ActualState {
  crossConnects: ActiveCrossConnect[];
  ports: PortStatus[];
}

/**
 * The switches' actual state as they report it: acks change single cross-connects, snapshots
 * replace the whole picture. Events of one switch arrive in order (one partition per key), so the
 * last write is the newest truth.
 */
export class ActualStateStore {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  async recordConnected(switchId: string, results: PairResult[], at: number): Promise<void> {
    const up = results.filter((r) => r.ok);
    if (up.length === 0) return;
    const fields = up.flatMap((r) => [
      String(r.north),
      JSON.stringify({ north: r.north, south: r.south, lossDb: r.lossDb ?? 0, since: at }),
    ]);
    await this.redis.hset(this.keys.actual(switchId), ...fields);
  }

  async recordDisconnected(switchId: string, results: PairResult[]): Promise<void> {
    const down = results.filter((r) => r.ok || r.code === 'NOT_CONNECTED').map((r) => String(r.north));
    if (down.length > 0) await this.redis.hdel(this.keys.actual(switchId), ...down);
  }

  /** Replaces the actual cross-connects and port states with a full snapshot, atomically. */
  async replace(snapshot: SnapshotEvent): Promise<void> {
    const k = this.keys;
    const tx = this.redis.multi().del(k.actual(snapshot.switchId)).del(k.ports(snapshot.switchId));
    if (snapshot.crossConnects.length > 0) {
      tx.hset(
        k.actual(snapshot.switchId),
        ...snapshot.crossConnects.flatMap((c) => [String(c.north), JSON.stringify(c)]),
      );
    }
    if (snapshot.ports.length > 0) {
      tx.hset(
        k.ports(snapshot.switchId),
        ...snapshot.ports.flatMap((p) => [portField(p.side, p.port), JSON.stringify(p)]),
      );
    }
    tx.hset(k.switchInfo(snapshot.switchId), {
      powered: snapshot.powered ? 1 : 0,
      snapshotAt: snapshot.at,
    });
    await tx.exec();
  }

  /** Actual state, with ports an operator marked failed shown failed whatever the switch says. */
  async get(switchId: string): Promise<ActualState> {
    const [cc, ports, marked] = await Promise.all([
      this.redis.hvals(this.keys.actual(switchId)),
      this.redis.hvals(this.keys.ports(switchId)),
      this.markedPorts(switchId),
    ]);
    return {
      crossConnects: cc.map((v) => JSON.parse(v) as ActiveCrossConnect).sort((a, b) => a.north - b.north),
      ports: withMarked(ports.map((v) => JSON.parse(v) as PortStatus), marked),
    };
  }

  async markFailed(switchId: string, side: 'north' | 'south', port: number, by: string, reason: string): Promise<void> {
    await this.redis.hset(this.keys.markedPorts(switchId), portField(side, port), JSON.stringify({ by, reason, at: Date.now() }));
  }

  async unmark(switchId: string, side: 'north' | 'south', port: number): Promise<boolean> {
    // Also the `north:5` form marks were stored in before port-fields.ts.
    return (await this.redis.hdel(this.keys.markedPorts(switchId), portField(side, port), `${side}:${port}`)) >= 1;
  }

  /** Ports an operator marked failed, as port states. */
  async markedPorts(switchId: string): Promise<PortStatus[]> {
    const raw = await this.redis.hkeys(this.keys.markedPorts(switchId));
    return raw.map((k) => ({ ...parsePortField(k), health: 'failed' as const, powerDbm: null }));
  }
}

/** Overlays operator-marked failures on the switch's own port report. */
export function withMarked(ports: PortStatus[], marked: PortStatus[]): PortStatus[] {
  const byKey = new Map(ports.map((p) => [portField(p.side, p.port), p]));
  for (const m of marked) byKey.set(portField(m.side, m.port), { ...(byKey.get(portField(m.side, m.port)) ?? m), health: 'failed' });
  return [...byKey.values()];
}
