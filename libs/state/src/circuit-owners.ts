import type { CircuitOwner } from '@lightpath/contracts';
import { decodeOwner } from './circuit-owner-codes';
import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';

/**
 * Reads the owners of the desired cross-connects (written only by the claim and commit scripts,
 * together with the desired state they describe). A north port with no entry is `manual`.
 */
export class CircuitOwners {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  /** North port -> owner of the switch's circuits that have a non-manual owner. */
  async of(switchId: string): Promise<Map<number, CircuitOwner>> {
    const raw = await this.redis.hgetall(this.keys.owners(switchId));
    return new Map(Object.entries(raw).map(([north, code]) => [Number(north), decodeOwner(code)]));
  }

  /** The owner of the circuit on `north` (manual when none is stored). */
  ownerAt(owners: Map<number, CircuitOwner>, north: number): CircuitOwner {
    return owners.get(north) ?? decodeOwner(undefined);
  }

  /** The switch's desired cross-connects, each with its owner (read together: one round trip). */
  async desiredOf(switchId: string): Promise<{ switchId: string; north: number; south: number; owner: CircuitOwner }[]> {
    const [desired, owners] = await Promise.all([this.redis.hgetall(this.keys.desiredByNorth(switchId)), this.redis.hgetall(this.keys.owners(switchId))]);
    return Object.entries(desired).map(([north, south]) => ({ switchId, north: Number(north), south: Number(south), owner: decodeOwner(owners[north]) }));
  }

  /** Owners of several switches, read together (auto-pipelined: one round trip). */
  async ofSwitches(switchIds: string[]): Promise<Map<string, Map<number, CircuitOwner>>> {
    const maps = await Promise.all(switchIds.map((id) => this.of(id)));
    return new Map(switchIds.map((id, i) => [id, maps[i]]));
  }
}
