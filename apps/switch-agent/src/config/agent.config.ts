import { DEFAULT_TOPIC_PREFIX, SwitchIdSchema } from '@lightpath/contracts';
import { KafkaIdempotentSchema } from '@lightpath/messaging';
import { z } from 'zod';

const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(SwitchIdSchema).min(1, 'name at least one switch'));

/**
 * Switch agent configuration, from the environment (documented in docs/configuration.md).
 * AGENT_SWITCHES names the switches this process serves: one in production, dozens in a demo.
 */
export const AgentConfigSchema = z
  .object({
    AGENT_ID: z.string().min(1).max(128).default(`agent-${process.pid}`),
    AGENT_SWITCHES: list,
    AGENT_PORTS: z.coerce.number().int().min(1).max(1024).default(136),
    AGENT_PROFILE: z.enum(['palomar', '3d-mems', 'instant']).default('palomar'),
    AGENT_SEED: z.coerce.number().int().default(1),
    /** Multiplies simulated mirror times: 1 is real time, 0 makes the simulator instant. */
    AGENT_TIME_SCALE: z.coerce.number().min(0).max(100_000).default(1),
    /** Where the simulated switches keep their crossbar, as real MEMS hardware keeps its mirrors. */
    AGENT_STATE_DIR: z.string().min(1).default('.run/agent-state'),
    AGENT_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
    AGENT_SNAPSHOT_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
    AGENT_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3101),
    AGENT_HTTP_HOST: z.string().default('127.0.0.1'),
    KAFKA_BROKERS: z
      .string()
      .default('127.0.0.1:19092')
      .transform((s) => s.split(',').map((x) => x.trim())),
    /** Events and acks not acknowledged by the broker by then fail (and are retried or reported), never hang. */
    KAFKA_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]+$/).default(DEFAULT_TOPIC_PREFIX),
    /** Idempotent producer for events and acks (kafkajs' own): the HA layout turns it on (docs/deploy.md). */
    KAFKA_IDEMPOTENT: KafkaIdempotentSchema,
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  })
  .refine((c) => new Set(c.AGENT_SWITCHES).size === c.AGENT_SWITCHES.length, {
    path: ['AGENT_SWITCHES'],
    message: 'lists a switch twice',
  });

export type AgentConfig = z.infer<typeof AgentConfigSchema>;
export const AGENT_CONFIG = Symbol('AGENT_CONFIG');
