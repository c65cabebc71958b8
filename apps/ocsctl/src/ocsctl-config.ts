import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dump, load } from 'js-yaml';
import { UsageError } from './exit-codes';
import type { OcsctlConfigFile, OcsctlContext } from './ocsctl-config.schema';

export type { OcsctlConfigFile, OcsctlContext } from './ocsctl-config.schema';

/** `-o`: how results print. `table` is the default narrow table. */
export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The config file's schema, loaded only when a file is read or written: zod is most of ocsctl's start-up. */
const schemas = () => import('./ocsctl-config.schema');

/** What the command line and the environment say; flags win over the environment, both over the file. */
export interface SettingsInput {
  flags: { server?: string; token?: string; tokenFile?: string; context?: string; output?: string; config?: string };
  env: { LIGHTPATH_SERVER?: string; LIGHTPATH_TOKEN?: string; LIGHTPATH_TOKEN_FILE?: string; LIGHTPATH_CONTEXT?: string; LIGHTPATH_CONFIG?: string; XDG_CONFIG_HOME?: string; HOME?: string };
}

export interface Settings {
  server: string;
  token?: string;
  output: OutputFormat;
  configPath: string;
  context?: string;
}

export const DEFAULT_SERVER = 'http://localhost:3000';

/** ~/.config/lightpath/config.yaml unless LIGHTPATH_CONFIG or --config names another file. */
export function configPath(input: SettingsInput): string {
  return input.flags.config ?? input.env.LIGHTPATH_CONFIG ?? join(input.env.XDG_CONFIG_HOME ?? join(input.env.HOME ?? '.', '.config'), 'lightpath', 'config.yaml');
}

export async function readConfigFile(path: string): Promise<OcsctlConfigFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { contexts: {} };
    throw new UsageError(`cannot read the config file ${path}: ${(err as Error).message}`);
  }
  const { ConfigFileSchema } = await schemas();
  const parsed = ConfigFileSchema.safeParse(load(text) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`config file ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function writeConfigFile(path: string, config: OcsctlConfigFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, dump(config), { mode: 0o600 });
}

/** Flags, then environment, then the chosen context of the config file, then defaults. */
export async function resolveSettings(input: SettingsInput): Promise<Settings> {
  const path = configPath(input);
  const file = await readConfigFile(path);
  const contextName = input.flags.context ?? input.env.LIGHTPATH_CONTEXT ?? file.currentContext;
  const context = contextName ? file.contexts[contextName] : undefined;
  if (contextName && !context) throw new UsageError(`no context "${contextName}" in ${path}; see \`ocsctl config get-contexts\``);
  const tokenFile = input.flags.tokenFile ?? input.env.LIGHTPATH_TOKEN_FILE;
  const token = input.flags.token ?? (input.flags.tokenFile ? readToken(input.flags.tokenFile) : undefined) ?? input.env.LIGHTPATH_TOKEN ?? (tokenFile ? readToken(tokenFile) : undefined) ?? context?.token ?? (context?.tokenFile ? readToken(context.tokenFile) : undefined);
  const output = input.flags.output ?? context?.output ?? 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(output)) throw new UsageError(`-o ${input.flags.output}: choose one of table, wide, json, yaml`);
  return { server: input.flags.server ?? input.env.LIGHTPATH_SERVER ?? context?.server ?? DEFAULT_SERVER, token, output: output as OutputFormat, configPath: path, context: contextName };
}

function readToken(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new UsageError(`cannot read the token file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** `ocsctl config set-context NAME --server ... [--token|--token-file] [--output]`: adds or updates. */
export async function setContext(config: OcsctlConfigFile, name: string, patch: Partial<OcsctlContext>): Promise<OcsctlConfigFile> {
  const { ContextSchema } = await schemas();
  const merged = ContextSchema.safeParse({ ...config.contexts[name], ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) });
  if (!merged.success) throw new UsageError(`context ${name}: ${merged.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { ...config, contexts: { ...config.contexts, [name]: merged.data }, currentContext: config.currentContext ?? name };
}
