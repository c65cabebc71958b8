import { createLightpathClient, type LightpathClient } from '@lightpath/client';
import type { Command } from 'commander';
import { UsageError } from './exit-codes';
import { resolveSettings, type Settings, type SettingsInput } from './ocsctl-config';

/** Where ocsctl writes and what it reads from its process; tests and main.ts provide it. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress bars redraw in place only on a terminal. */
  isTTY: boolean;
  readFile(path: string): string;
}

/** Global options, as commander hands them to every subcommand. */
export interface GlobalOptions {
  server?: string;
  token?: string;
  tokenFile?: string;
  context?: string;
  config?: string;
  output?: string;
  requestTimeout?: string;
}

/**
 * What every command needs: resolved settings (flags over environment over the config file) and a
 * client built from them, both made once per run from the command's own options.
 */
export class CliRuntime {
  constructor(
    readonly io: CliIo,
    private readonly env: SettingsInput['env'],
  ) {}

  settings(command: Command): Promise<Settings> {
    const flags = command.optsWithGlobals<GlobalOptions>();
    return resolveSettings({ flags, env: this.env });
  }

  async client(command: Command): Promise<{ client: LightpathClient; settings: Settings }> {
    const settings = await this.settings(command);
    const seconds = Number(command.optsWithGlobals<GlobalOptions>().requestTimeout ?? 10);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError('--request-timeout: a number of seconds above 0');
    return { settings, client: createLightpathClient({ baseUrl: settings.server, token: settings.token, timeoutMs: seconds * 1000 }) };
  }
}
