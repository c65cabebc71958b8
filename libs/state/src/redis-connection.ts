import Redis from 'ioredis';
import { CLAIM_CONNECT_LUA } from './scripts/claim-connect.lua';
import { CLAIM_DISCONNECT_LUA } from './scripts/claim-disconnect.lua';
import { FINISH_OPERATION_LUA } from './scripts/finish-operation.lua';

/** The Lua scripts as typed commands (ioredis defineCommand loads them with EVALSHA, EVAL on miss). */
export interface LightpathRedis extends Redis {
  claimConnect(...args: (string | number)[]): Promise<(string | number)[]>;
  claimDisconnect(...args: (string | number)[]): Promise<(string | number)[]>;
  finishOperation(...args: (string | number)[]): Promise<number>;
}

export function createRedis(url: string, connectionName: string): LightpathRedis {
  const redis = new Redis(url, {
    connectionName,
    // Fail a command fast while disconnected instead of queueing forever: callers get an error to report.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
    // Commands issued in the same tick go out in one write: an ack's several updates cost one round trip.
    enableAutoPipelining: true,
  });
  redis.defineCommand('claimConnect', { numberOfKeys: 7, lua: CLAIM_CONNECT_LUA });
  redis.defineCommand('claimDisconnect', { numberOfKeys: 7, lua: CLAIM_DISCONNECT_LUA });
  redis.defineCommand('finishOperation', { numberOfKeys: 5, lua: FINISH_OPERATION_LUA });
  return redis as LightpathRedis;
}
