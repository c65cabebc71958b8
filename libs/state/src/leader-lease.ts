import { EventChannel } from './event-channel';
import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';

export interface LeaseView {
  /** Epoch of the current term: every command of that term carries it. */
  epoch: number;
  holderId: string;
  holderUrl: string;
}

/** What acquire() answers: the lease after the attempt, and how long it has left. */
export interface LeaseAttempt extends LeaseView {
  /**
   * Milliseconds left on the lease as Redis counted them when it answered (the full TTL after a
   * take or a renewal). Negative when the key has no expiry (never written so by us) or vanished.
   */
  ttlMs: number;
}

/**
 * The fabric's leader lease in Redis: one holder at a time, renewed well before it expires, with a
 * fencing epoch per term. The Redis writes of a term are fenced by the same epoch (claim scripts),
 * and agents refuse commands from an older epoch, so a deposed leader can change nothing.
 */
export class LeaderLease {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  async acquire(candidateId: string, ttlMs: number, url: string): Promise<LeaseAttempt> {
    const [epoch, holderId, holderUrl, left] = await this.redis.acquireLeadership(this.keys.leader, this.keys.epoch, candidateId, ttlMs, url);
    return { epoch: Number(epoch), holderId: String(holderId), holderUrl: String(holderUrl), ttlMs: Number(left) };
  }

  /**
   * An agent has accepted `seenEpoch`: make sure the epoch counter and the current term are above it
   * (RAISE_EPOCH_LUA). Returns the lease afterwards, or null when nobody holds it.
   */
  async raiseAbove(seenEpoch: number): Promise<LeaseView | null> {
    const [epoch, holderId, holderUrl] = await this.redis.raiseEpoch(this.keys.leader, this.keys.epoch, seenEpoch);
    return holderId ? { epoch: Number(epoch), holderId: String(holderId), holderUrl: String(holderUrl) } : null;
  }

  /** Hands the lease back and, in the same script, tells the followers (releases()). */
  async release(holderId: string): Promise<boolean> {
    return (await this.redis.releaseLeadership(this.keys.leader, holderId, this.keys.leaderReleased)) === 1;
  }

  /**
   * The channel a release is published on (the releasing holder's id): a follower subscribed to it
   * tries for the lease at once instead of at the lease's expiry. At most once, like any pub/sub:
   * a follower that misses it still takes over when the (released, so absent) lease is next tried.
   */
  releases(): EventChannel {
    return new EventChannel(this.redis, this.keys.leaderReleased);
  }

  async current(): Promise<LeaseView | null> {
    const raw = await this.redis.get(this.keys.leader);
    if (!raw) return null;
    const holder = JSON.parse(raw) as { id: string; epoch: number; url: string };
    return { epoch: holder.epoch, holderId: holder.id, holderUrl: holder.url };
  }
}
