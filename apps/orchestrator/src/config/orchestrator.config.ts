import { DEFAULT_TOPIC_PREFIX } from '@lightpath/contracts';
import { z } from 'zod';

/** Orchestrator configuration, from the environment (documented in docs/configuration.md). */
export const OrchestratorConfigSchema = z.object({
  ORCH_ID: z.string().min(1).max(128).default(`orchestrator-${process.pid}`),
  ORCH_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ORCH_HTTP_HOST: z.string().default('127.0.0.1'),
  /** Fabric name: every Redis key carries it as a hash tag, so several fabrics can share one Redis. */
  FABRIC: z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/).default('default'),
  /** How long an agent has to acknowledge a command before the operation fails with a timeout. */
  COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** A switch not heard from for this long is unreachable: new operations on it are refused at once. */
  SWITCH_STALE_MS: z.coerce.number().int().min(500).max(3_600_000).default(10_000),
  /** How often open operations are checked against their deadline. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:19092')
    .transform((s) => s.split(',').map((x) => x.trim())),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]+$/).default(DEFAULT_TOPIC_PREFIX),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:16379'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
});

export type OrchestratorConfig = z.infer<typeof OrchestratorConfigSchema>;
export const ORCH_CONFIG = Symbol('ORCH_CONFIG');
