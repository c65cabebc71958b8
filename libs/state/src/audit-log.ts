import type { FabricKeys } from './keys';
import type { LightpathRedis } from './redis-connection';

export interface AuditEntry {
  who: string;
  action: string;
  target: string;
  operationId?: string;
  outcome: string;
  detail?: string;
}

export interface StoredAuditEntry extends AuditEntry {
  id: string;
  at: number;
}

/** Capped, approximately trimmed: the stream keeps about this many entries (invariant I6). */
const AUDIT_MAX_LEN = 1_000_000;

/** Append-only audit log of accepted mutations in a Redis stream (invariant I6). */
export class AuditLog {
  constructor(
    private readonly redis: LightpathRedis,
    private readonly keys: FabricKeys,
  ) {}

  async append(entry: AuditEntry): Promise<string> {
    const fields = Object.entries({ ...entry, at: Date.now() }).flatMap(([k, v]) => (v === undefined ? [] : [k, String(v)]));
    return (await this.redis.xadd(this.keys.audit, 'MAXLEN', '~', AUDIT_MAX_LEN, '*', ...fields)) as string;
  }

  async recent(count = 100): Promise<StoredAuditEntry[]> {
    return this.page(count);
  }

  /**
   * Up to `count` entries, newest first; with `before` (a stream id from an earlier page), only
   * older ones. The exclusive `(id` range needs Redis 6.2+.
   */
  async page(count: number, before?: string): Promise<StoredAuditEntry[]> {
    // Nothing precedes the smallest id, and Redis refuses the empty interval "(0-0" rather than answer none.
    if (before !== undefined && /^0+-0+$/.test(before)) return [];
    const rows = await this.redis.xrevrange(this.keys.audit, before ? `(${before}` : '+', '-', 'COUNT', count);
    return rows.map(([id, flat]) => {
      const obj: Record<string, string> = {};
      for (let i = 0; i < flat.length; i += 2) obj[flat[i]] = flat[i + 1];
      return {
        id,
        at: Number(obj.at),
        who: obj.who,
        action: obj.action,
        target: obj.target,
        operationId: obj.operationId,
        outcome: obj.outcome,
        detail: obj.detail,
      };
    });
  }
}
