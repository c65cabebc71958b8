import Redis from 'ioredis';
import { CLAIM_CONNECT_LUA } from './scripts/claim-connect.lua';
import { CLAIM_DISCONNECT_LUA } from './scripts/claim-disconnect.lua';
import { FINISH_OPERATION_LUA } from './scripts/finish-operation.lua';
import { ADOPT_OPERATION_LUA } from './scripts/adopt-operation.lua';
import { ACQUIRE_LEADERSHIP_LUA, RELEASE_LEADERSHIP_LUA } from './scripts/leader-lease.lua';
import { CLAIM_PLAN_LUA, COMMIT_STAGE_LUA, RELEASE_PLAN_LUA, SAVE_OPEN_PLAN_LUA } from './scripts/plan-ops.lua';

/** The Lua scripts as typed commands (ioredis defineCommand loads them with EVALSHA, EVAL on miss). */
export interface LightpathRedis extends Redis {
  claimConnect(...args: (string | number)[]): Promise<(string | number)[]>;
  claimDisconnect(...args: (string | number)[]): Promise<(string | number)[]>;
  finishOperation(...args: (string | number)[]): Promise<number>;
  adoptOperation(...args: (string | number)[]): Promise<number>;
  acquireLeadership(...args: (string | number)[]): Promise<(string | number)[]>;
  releaseLeadership(...args: (string | number)[]): Promise<number>;
  claimPlan(...args: (string | number)[]): Promise<(string | number)[]>;
  commitStage(...args: (string | number)[]): Promise<number | (string | number)[]>;
  releasePlan(...args: (string | number)[]): Promise<number>;
  saveOpenPlan(...args: (string | number)[]): Promise<number | (string | number)[]>;
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
  redis.defineCommand('claimConnect', { numberOfKeys: 10, lua: CLAIM_CONNECT_LUA });
  redis.defineCommand('claimDisconnect', { numberOfKeys: 10, lua: CLAIM_DISCONNECT_LUA });
  redis.defineCommand('finishOperation', { numberOfKeys: 6, lua: FINISH_OPERATION_LUA });
  redis.defineCommand('adoptOperation', { numberOfKeys: 3, lua: ADOPT_OPERATION_LUA });
  redis.defineCommand('acquireLeadership', { numberOfKeys: 2, lua: ACQUIRE_LEADERSHIP_LUA });
  redis.defineCommand('releaseLeadership', { numberOfKeys: 1, lua: RELEASE_LEADERSHIP_LUA });
  // Multi-switch scripts take a variable number of keys: the count is their first argument.
  redis.defineCommand('claimPlan', { lua: CLAIM_PLAN_LUA });
  redis.defineCommand('commitStage', { lua: COMMIT_STAGE_LUA });
  redis.defineCommand('releasePlan', { lua: RELEASE_PLAN_LUA });
  redis.defineCommand('saveOpenPlan', { numberOfKeys: 3, lua: SAVE_OPEN_PLAN_LUA });
  return redis as LightpathRedis;
}
