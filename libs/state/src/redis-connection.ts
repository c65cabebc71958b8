import Redis, { Cluster, type RedisOptions as IoRedisOptions } from 'ioredis';
import { ACQUIRE_LEADERSHIP_LUA, RAISE_EPOCH_LUA, RELEASE_LEADERSHIP_LUA } from './scripts/leader-lease.lua';
import { AWAIT_STEP_LUA, FINISH_OPERATION_LUA, SETTLE_ACK_LUA, SETTLE_STEP_LUA } from './scripts/operation-steps.lua';
import { CLAIM_PLAN_LUA, COMMIT_STAGE_LUA, SAVE_OPEN_PLAN_LUA } from './scripts/plan-ops.lua';
import type { RedisTarget } from './redis-target';
import { StateUnavailableError } from './state-errors';

/**
 * The Lua scripts as typed commands (ioredis defineCommand loads them with EVALSHA, EVAL on miss).
 * In Redis Cluster mode the object is an ioredis Cluster, which offers the same commands, scripts,
 * pipelines and MULTI (all of a fabric's keys share one hash slot, keys.ts); the stores use nothing else.
 */
export interface LightpathRedis extends Redis {
  acquireLeadership(...args: (string | number)[]): Promise<(string | number)[]>;
  releaseLeadership(...args: (string | number)[]): Promise<number>;
  raiseEpoch(...args: (string | number)[]): Promise<(string | number)[]>;
  claimPlan(...args: (string | number | (string | number)[])[]): Promise<(string | number)[]>;
  commitStage(...args: (string | number | (string | number)[])[]): Promise<number | (string | number)[]>;
  awaitStep(...args: (string | number)[]): Promise<number | (string | number)[]>;
  settleStep(...args: (string | number)[]): Promise<[number, number]>;
  settleAck(...args: (string | number | (string | number)[])[]): Promise<number[]>;
  finishOperation(...args: (string | number | (string | number)[])[]): Promise<number>;
  saveOpenPlan(...args: (string | number)[]): Promise<number | (string | number)[]>;
}

export interface RedisOptions {
  /**
   * A command on a live connection that gets no reply within this fails (a stalled or paused
   * Redis). A closed connection fails commands at once, whatever this says.
   */
  commandTimeoutMs?: number;
}

/** Default for RedisOptions.commandTimeoutMs: far above any of our scripts, well below an HTTP client's patience. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** ioredis' messages for "not sent" and "sent but no answer" (its errors carry no codes), in our words. */
const CONNECTION_FAILURES: [RegExp, string][] = [
  [/Stream isn't writeable/, 'not connected'],
  [/Connection is closed/, 'connection closed'],
  [/Command timed out/, 'no reply within the command timeout'],
  [/ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT/, 'connection refused or reset'],
  // High-availability layouts (docs/deploy.md): a primary cut off from every replica refuses writes
  // (min-replicas-to-write), a demoted one is read-only, a cluster without a primary for a slot is down.
  [/^NOREPLICAS/, 'the primary has no replica in sync and refuses writes'],
  [/^READONLY/, 'the node is a replica now (a failover happened)'],
  [/^(CLUSTERDOWN|TRYAGAIN|MASTERDOWN|LOADING)/, 'the cluster or primary is not serving yet'],
  [/Failed to refresh slots cache|All sentinels are unreachable|Too many Cluster redirections/, 'no Redis node answers'],
];

/** Between reconnect attempts after a failover: short, so writes resume soon after a replica is promoted. */
const RECONNECT_DELAY_MAX_MS = 500;

export function createRedis(target: string | RedisTarget, connectionName: string, options: RedisOptions = {}): LightpathRedis {
  const where: RedisTarget = typeof target === 'string' ? { kind: 'single', url: target } : target;
  const common = {
    connectionName,
    // Commands in flight when the connection drops fail at once instead of being re-sent after a
    // reconnect: the caller has already answered 503, and a late duplicate of a claim would race its retry.
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  } satisfies IoRedisOptions;
  let redis: Redis;
  if (where.kind === 'cluster') {
    const cluster = new Cluster(where.nodes, {
      redisOptions: common,
      enableOfflineQueue: true,
      // Off in cluster mode: commands of one tick may belong to different nodes' pipelines, and a
      // fabric's own commands all go to one node anyway.
      enableAutoPipelining: false,
      // Every command goes to its slot's primary: a replica may lag, and the scripts write.
      scaleReads: 'master',
      // After a primary dies its replica takes the slots over (cluster-node-timeout); until then
      // commands fail (503) rather than wait, and the slot map is asked for again soon.
      retryDelayOnFailover: 100,
      retryDelayOnClusterDown: 100,
      maxRedirections: 8,
      clusterRetryStrategy: (times) => Math.min(times * 100, RECONNECT_DELAY_MAX_MS),
    });
    redis = cluster as unknown as Redis;
  } else {
    const shared: IoRedisOptions = {
      ...common,
      // Queued only until the first connection is ready (start-up); afterwards see failFastOnceReady.
      enableOfflineQueue: true,
      lazyConnect: false,
      // Commands issued in the same tick go out in one write: an ack's several updates cost one round trip.
      enableAutoPipelining: true,
    };
    redis =
      where.kind === 'single'
        ? new Redis(where.url, shared)
        : new Redis({
            ...shared,
            sentinels: where.sentinels,
            name: where.name,
            role: 'master',
            // Told by the Sentinels' +switch-master at once, rather than when the old primary's socket dies.
            failoverDetector: true,
            sentinelRetryStrategy: (times) => Math.min(times * 100, RECONNECT_DELAY_MAX_MS),
            retryStrategy: (times) => Math.min(times * 50, RECONNECT_DELAY_MAX_MS),
            // A demoted primary answers READONLY: reconnect, and the Sentinels name the new one.
            // The command itself fails (503): it was not applied, and the caller retries.
            reconnectOnError: (err) => /^READONLY/.test(err.message),
          });
  }
  failFastOnceReady(redis);
  redis.defineCommand('acquireLeadership', { numberOfKeys: 2, lua: ACQUIRE_LEADERSHIP_LUA });
  redis.defineCommand('releaseLeadership', { numberOfKeys: 1, lua: RELEASE_LEADERSHIP_LUA });
  redis.defineCommand('raiseEpoch', { numberOfKeys: 2, lua: RAISE_EPOCH_LUA });
  // Multi-switch scripts take a variable number of keys: the count is their first argument.
  redis.defineCommand('claimPlan', { lua: CLAIM_PLAN_LUA });
  redis.defineCommand('commitStage', { lua: COMMIT_STAGE_LUA });
  redis.defineCommand('awaitStep', { numberOfKeys: 4, lua: AWAIT_STEP_LUA });
  redis.defineCommand('settleStep', { numberOfKeys: 2, lua: SETTLE_STEP_LUA });
  redis.defineCommand('settleAck', { lua: SETTLE_ACK_LUA });
  redis.defineCommand('finishOperation', { lua: FINISH_OPERATION_LUA });
  redis.defineCommand('saveOpenPlan', { numberOfKeys: 3, lua: SAVE_OPEN_PLAN_LUA });
  return redis as LightpathRedis;
}

/** A connection of its own (pub/sub) with the same failure policy. */
export function duplicateRedis(redis: LightpathRedis): LightpathRedis {
  const copy = (
    redis instanceof Cluster ? (redis as unknown as Cluster).duplicate(undefined, { enableOfflineQueue: true }) : redis.duplicate({ enableOfflineQueue: true })
  ) as unknown as LightpathRedis;
  failFastOnceReady(copy);
  return copy;
}

/**
 * Once the connection has been ready, a command issued while it is down fails at once (ioredis
 * would otherwise queue it until the reconnect, and the HTTP request with it), and every failure of
 * the connection reaches the caller as a StateUnavailableError, the one kind the API maps to 503.
 * The offline queue stays on until the first ready so start-up need not wait for the socket.
 */
function failFastOnceReady(redis: Redis): void {
  redis.once('ready', () => {
    // A Cluster keeps the flag on itself (its nodes take theirs from it); a Redis in its options.
    (redis instanceof Cluster ? (redis as unknown as Cluster).options : redis.options).enableOfflineQueue = false;
  });
  // Errors are also emitted as events while reconnecting; callers learn of them from their commands.
  redis.on('error', () => undefined);
  const send = redis.sendCommand.bind(redis) as (...args: unknown[]) => ReturnType<Redis['sendCommand']>;
  // Every argument passed on: a Cluster's sendCommand takes a third (the node a pipeline targets).
  redis.sendCommand = ((command: Parameters<Redis['sendCommand']>[0], ...rest: unknown[]) => {
    const reject = command.reject.bind(command);
    command.reject = (err: Error) => reject(asStateError(err));
    return send(command, ...rest);
  }) as Redis['sendCommand'];
}

/** A connection failure as StateUnavailableError; Redis' own replies (script errors, WRONGTYPE) unchanged. */
export function asStateError(err: Error): Error {
  if (err instanceof StateUnavailableError) return err;
  if (err.name === 'MaxRetriesPerRequestError') return new StateUnavailableError('connection lost with the command in flight', { cause: err });
  const known = CONNECTION_FAILURES.find(([re]) => re.test(err.message));
  return known ? new StateUnavailableError(known[1], { cause: err }) : err;
}
