import { SwitchIdSchema } from '@lightpath/contracts';
import { z } from 'zod';

/** "ocs-t1=tl1:41234", "ocs-n1=netconf:41235" or "ocs-g1=gnmi:41236" -> one simulated switch served over one protocol on one TCP port. */
const SimSwitchSchema = z
  .string()
  .regex(/^[^=]+=(tl1|netconf|gnmi):\d{1,5}$/, 'each entry is <switchId>=<tl1|netconf|gnmi>:<port>')
  .transform((entry) => {
    const [switchId, rest] = entry.split('=');
    const [protocol, port] = rest.split(':');
    return { switchId, protocol: protocol as 'tl1' | 'netconf' | 'gnmi', port: Number(port) };
  })
  .pipe(z.object({ switchId: SwitchIdSchema, protocol: z.enum(['tl1', 'netconf', 'gnmi']), port: z.number().int().min(0).max(65535) }));

/**
 * Switch simulator configuration (docs/configuration.md): which switches it plays, over which
 * protocol and port, in front of a mems-sim crossbar each.
 */
export const SimConfigSchema = z.object({
  SIM_SWITCHES: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(SimSwitchSchema).min(1, 'name at least one switch')),
  SIM_HOST: z.string().default('127.0.0.1'),
  SIM_PORTS: z.coerce.number().int().min(1).max(1024).default(136),
  SIM_PROFILE: z.enum(['palomar', '3d-mems', 'instant']).default('palomar'),
  SIM_SEED: z.coerce.number().int().default(1),
  SIM_TIME_SCALE: z.coerce.number().min(0).max(100_000).default(1),
  SIM_USERNAME: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/).default('lightpath'),
  SIM_PASSWORD: z.string().min(1).max(128).regex(/^[^;:,"\s]+$/, 'TL1 passwords cannot hold ; : , " or spaces').default('lightpath-sim'),
  /** The crossbar survives a simulator restart, as MEMS mirrors hold their position. */
  SIM_STATE_DIR: z.string().min(1).default('.run/switch-sim'),
  SIM_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3201),
  SIM_HTTP_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
});

export type SimConfig = z.infer<typeof SimConfigSchema>;
export type SimSwitchConfig = SimConfig['SIM_SWITCHES'][number];
