import { hostname } from 'node:os';
import { DEFAULT_TOPIC_PREFIX, MAX_PAIRS_PER_COMMAND } from '@lightpath/contracts';
import { KafkaIdempotentSchema } from '@lightpath/messaging';
import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS, ONE_REDIS_MODE, RedisTargetEnvSchema } from '@lightpath/state';
import { z } from 'zod';
import { defaultRenewMs, leaseTimingProblem } from './lease-timing';
import { ApiTokensSchema } from './api-tokens.schema';

/** A PEM may arrive with its newlines escaped as \n (one-line env files); both forms are accepted. */
const PemSchema = z
  .string()
  .transform((s) => s.replace(/\\n/g, '\n').trim())
  .pipe(z.string().regex(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/, 'a SPKI public key PEM (-----BEGIN PUBLIC KEY-----)'));

/**
 * Unset COMMAND_SEND_TIMEOUT_MS: 2 s, or with a short COMMAND_TIMEOUT_MS all of it but a quarter
 * second for the agent (at least half of it), so a slow but working broker is not cut off early.
 */
function defaultSendTimeout(commandTimeoutMs: number): number {
  return Math.min(2_000, Math.max(Math.floor(commandTimeoutMs / 2), commandTimeoutMs - 250));
}

/** Orchestrator configuration, from the environment (documented in docs/configuration.md). */
export const OrchestratorConfigSchema = z.object({
  /** Replica name: holder id of the leader lease and part of its events consumer group; keep it stable per replica. */
  ORCH_ID: z.string().min(1).max(128).default(`orchestrator-${hostname()}`),
  /**
   * Leader lease TTL. A follower takes over at most about this long after the leader dies (woken
   * by the lease's expiry); the leader stops acting a tenth of it before (config/lease-timing.ts).
   */
  LEADER_LEASE_MS: z.coerce.number().int().min(300).max(60_000).default(1_000),
  /** How often the leader renews its lease; unset, a fifth of LEADER_LEASE_MS. At most a third of the TTL less its stop guard. */
  LEADER_RENEW_MS: z.coerce.number().int().min(10).max(20_000).optional(),
  ORCH_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ORCH_HTTP_HOST: z.string().default('127.0.0.1'),
  /**
   * Largest JSON request body, in MiB. A 64-cube pod's fabric spec is about 0.6 MB; a block fabric
   * of 1,000 OCS of 320 x 320 ports (640,000 fibres) is about 60 MB, so such fabrics raise this.
   */
  ORCH_JSON_BODY_LIMIT_MB: z.coerce.number().int().min(1).max(1024).default(16),
  /** Fabric name: every Redis key carries it as a hash tag, so several fabrics can share one Redis. */
  FABRIC: z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/).default('default'),
  /** How long an agent has to acknowledge a command before the operation fails with a timeout. */
  COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /**
   * How long sending a command to Kafka may take. Past it the send counts as failed: the claim is
   * released and the caller gets 503 COMMAND_NOT_SENT at once, rather than waiting out kafkajs'
   * retries while the broker is away. Must be below COMMAND_TIMEOUT_MS; unset, see defaultSendTimeout.
   */
  COMMAND_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  /** A switch not heard from for this long is unreachable: new operations on it are refused at once. */
  SWITCH_STALE_MS: z.coerce.number().int().min(500).max(3_600_000).default(10_000),
  /** How often the leader compares every switch's actual cross-connects with the desired ones (I3). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  /**
   * How often the leader's pass looks at every switch; passes between look only at switches changed
   * or unsettled since their last look (reconcile/look-schedule.ts). The net for changes no event
   * announces to the leader (a hand edit in Redis).
   */
  RECONCILE_FULL_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** repair: re-make vanished and remove unexpected cross-connects; alarm: only report drift. */
  RECONCILE_MODE: z.enum(['repair', 'alarm']).default('repair'),
  /**
   * Group commit (engine/switch-command-queue.ts): most pairs one command to a switch carries over
   * all the operations it merges, and how long work for an idle switch waits for more (0: none).
   */
  COMMAND_BATCH_MAX_PAIRS: z.coerce.number().int().min(1).max(MAX_PAIRS_PER_COMMAND).default(2_048),
  COMMAND_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(1_000).default(0),
  /**
   * A command unanswered this long after the broker took it is sent again (then after twice as
   * long) while its deadline allows; the agent answers a repeat from its journal (I5). 0: never.
   */
  COMMAND_RESEND_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:19092')
    .transform((s) => s.split(',').map((x) => x.trim())),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]+$/).default(DEFAULT_TOPIC_PREFIX),
  /** Idempotent producer (kafkajs' own, marked experimental there): the HA layout turns it on (docs/deploy.md). */
  KAFKA_IDEMPOTENT: KafkaIdempotentSchema,
  /** REDIS_URL, or REDIS_SENTINELS (+ REDIS_SENTINEL_NAME), or REDIS_CLUSTER_NODES (libs/state redis-target.ts). */
  ...RedisTargetEnvSchema.shape,
  /**
   * A Redis command with no reply within this fails (503 STATE_UNAVAILABLE): a stalled Redis. A
   * Redis that is down fails commands at once, whatever this says.
   */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(DEFAULT_REDIS_COMMAND_TIMEOUT_MS),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  /** Static bearer tokens: JSON [{name, role, tenant, token}] or name:role:tenant:token,... (docs/api.md). */
  API_TOKENS: ApiTokensSchema,
  /** JWTs signed with HS256 are verified with this shared secret (32+ bytes: RFC 7518 3.2 wants the hash's size). */
  JWT_HS256_SECRET: z.string().min(32, 'at least 32 characters (RFC 7518 3.2)').optional(),
  /** JWTs signed with RS256 or ES256 are verified with this public key. */
  JWT_PUBLIC_KEY: PemSchema.optional(),
  JWT_PUBLIC_KEY_ALG: z.enum(['RS256', 'ES256']).default('RS256'),
  /** When set, a JWT must carry this `iss` / `aud`. */
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  /** Claims naming the caller's role and tenant; `sub` names the caller. */
  JWT_ROLE_CLAIM: z.string().min(1).default('role'),
  JWT_TENANT_CLAIM: z.string().min(1).default('tenant'),
  /**
   * Per caller and replica, in any RATE_LIMIT_WINDOW_MS: at most RATE_LIMIT_REQUESTS changes (POST,
   * PUT, PATCH, DELETE) and, separately, RATE_LIMIT_READ_REQUESTS reads (GET), so polling an
   * operation never uses up the budget for changes (auth/rate-limit-budget.ts).
   */
  RATE_LIMIT_REQUESTS: z.coerce.number().int().min(1).max(10_000_000).default(1_000),
  RATE_LIMIT_READ_REQUESTS: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** Comment lines on idle event streams, so proxies with a read timeout keep them open. */
  WATCH_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
})
  .transform((c) => ({
    ...c,
    COMMAND_SEND_TIMEOUT_MS: c.COMMAND_SEND_TIMEOUT_MS ?? defaultSendTimeout(c.COMMAND_TIMEOUT_MS),
    LEADER_RENEW_MS: c.LEADER_RENEW_MS ?? defaultRenewMs(c.LEADER_LEASE_MS),
  }))
  .superRefine((c, ctx) => {
    const problem = leaseTimingProblem({ ttlMs: c.LEADER_LEASE_MS, renewMs: c.LEADER_RENEW_MS });
    if (problem) ctx.addIssue({ code: 'custom', path: ['LEADER_RENEW_MS'], message: problem });
  })
  .refine((c) => c.COMMAND_SEND_TIMEOUT_MS < c.COMMAND_TIMEOUT_MS, {
  path: ['COMMAND_SEND_TIMEOUT_MS'],
  message: 'must be below COMMAND_TIMEOUT_MS: a command still being sent when its deadline passes would be refused by the agent',
})
  .refine(ONE_REDIS_MODE.check, ONE_REDIS_MODE.issue);

export type OrchestratorConfig = z.infer<typeof OrchestratorConfigSchema>;
export const ORCH_CONFIG = Symbol('ORCH_CONFIG');
