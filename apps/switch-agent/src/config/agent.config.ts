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
    /**
     * Switches driven over a management protocol instead of the in-process simulator, e.g.
     * "ocs-7=tl1://10.0.0.7:3082,ocs-8=tl1://admin@10.0.0.8:3082" (docs/configuration.md); a switch
     * not named here is simulated in-process (mems-sim).
     */
    AGENT_DRIVERS: z.string().default(''),
    AGENT_DRIVER_USERNAME: z.string().min(1).max(64).default('lightpath'),
    /** The switches' password; prefer AGENT_DRIVER_PASSWORD_FILE (a secret file, read once at start). */
    AGENT_DRIVER_PASSWORD: z.string().min(1).max(256).optional(),
    AGENT_DRIVER_PASSWORD_FILE: z.string().min(1).optional(),
    /**
     * Pinned SSH host keys of NETCONF switches, "ocs-8=SHA256:<base64>" entries (the fingerprint
     * `ssh-keygen -lf` prints): a switch presenting another key is refused and alarmed.
     */
    AGENT_DRIVER_HOST_KEYS: z.string().default(''),
    AGENT_DRIVER_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
    AGENT_DRIVER_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    AGENT_DRIVER_BACKOFF_MIN_MS: z.coerce.number().int().min(10).max(60_000).default(200),
    AGENT_DRIVER_BACKOFF_MAX_MS: z.coerce.number().int().min(10).max(600_000).default(10_000),
    /** After a session is lost mid-batch, how long to wait for the reconnect that tells what is true. */
    AGENT_DRIVER_OUTCOME_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
    /** Re-read each remote switch this often while connected (changes nobody announced); 0 = never. */
    AGENT_DRIVER_RESYNC_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  })
  .refine((c) => new Set(c.AGENT_SWITCHES).size === c.AGENT_SWITCHES.length, {
    path: ['AGENT_SWITCHES'],
    message: 'lists a switch twice',
  })
  .refine((c) => !(c.AGENT_DRIVER_PASSWORD && c.AGENT_DRIVER_PASSWORD_FILE), {
    path: ['AGENT_DRIVER_PASSWORD_FILE'],
    message: 'set AGENT_DRIVER_PASSWORD or AGENT_DRIVER_PASSWORD_FILE, not both',
  })
  .refine((c) => c.AGENT_DRIVER_BACKOFF_MIN_MS <= c.AGENT_DRIVER_BACKOFF_MAX_MS, {
    path: ['AGENT_DRIVER_BACKOFF_MAX_MS'],
    message: 'must be at least AGENT_DRIVER_BACKOFF_MIN_MS',
  });

export type AgentConfig = z.infer<typeof AgentConfigSchema>;
export const AGENT_CONFIG = Symbol('AGENT_CONFIG');
