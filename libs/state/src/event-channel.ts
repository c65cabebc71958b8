import { duplicateRedis, type LightpathRedis } from './redis-connection';

/**
 * A fabric's Redis pub/sub channel for watch events, so every orchestrator replica can stream the
 * changes another replica decided (an operation the leader opened, one another replica closed).
 * At most once and only to those subscribed at the time: a stream's replay buffer, not Redis,
 * bridges reconnects. Subscribing takes a connection of its own (a subscribed connection cannot
 * run other commands).
 */
export class EventChannel {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly channel: string,
  ) {}

  async publish(payload: string): Promise<void> {
    await this.redis.publish(this.channel, payload);
  }

  /** Calls `onMessage` for every payload published from now on; the result unsubscribes. */
  async subscribe(onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    const sub = duplicateRedis(this.redis);
    sub.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) onMessage(payload);
    });
    // ioredis subscribes again by itself after a reconnect (autoResubscribe).
    await sub.subscribe(this.channel);
    return async () => {
      await sub.quit();
    };
  }
}
