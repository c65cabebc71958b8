import { z } from 'zod';

/** The config file (~/.config/lightpath/config.yaml, docs/ocsctl.md): contexts of server, token and output. */
export const OutputFormatSchema = z.enum(['table', 'wide', 'json', 'yaml']);

export const ContextSchema = z
  .object({
    server: z.string().url('a URL such as http://localhost:3000'),
    token: z.string().min(1).optional(),
    tokenFile: z.string().min(1).optional(),
    output: OutputFormatSchema.optional(),
  })
  .strict();
export type OcsctlContext = z.infer<typeof ContextSchema>;

export const ConfigFileSchema = z
  .object({ currentContext: z.string().optional(), contexts: z.record(z.string(), ContextSchema).default({}) })
  .strict();
export type OcsctlConfigFile = z.infer<typeof ConfigFileSchema>;
