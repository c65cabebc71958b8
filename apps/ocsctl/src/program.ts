import { Command, CommanderError, Option } from 'commander';
import { CliRuntime, type CliIo } from './cli-runtime';
import { registerApply } from './commands/apply.command';
import { registerCluster } from './commands/cluster.command';
import { registerCompletion } from './commands/completion.command';
import { registerConfig } from './commands/config.command';
import { registerDescribe } from './commands/describe.command';
import { registerFabricActions } from './commands/fabric-actions.command';
import { registerGet } from './commands/get.command';
import { registerPlan } from './commands/plan.command';
import { registerReservations } from './commands/reservations.command';
import { describeError, EXIT } from './exit-codes';
import type { SettingsInput } from './ocsctl-config';

export interface OcsctlIo extends CliIo {
  writeFile(path: string, text: string): void;
}

/** The whole command tree; built per run so tests can run ocsctl in-process too. */
export function buildProgram(io: OcsctlIo, env: SettingsInput['env']): { program: Command; plan: { exitCode?: number } } {
  const rt = new CliRuntime(io, env);
  const program = new Command('ocsctl')
    .description('lightpath operator CLI: switches, operations, topologies, reservations (docs/ocsctl.md)')
    .version('0.1.0')
    .option('-s, --server <url>', 'orchestrator URL (env LIGHTPATH_SERVER; default http://localhost:3000)')
    .option('--token <token>', 'bearer token (env LIGHTPATH_TOKEN)')
    .option('--token-file <path>', 'read the bearer token from a file (env LIGHTPATH_TOKEN_FILE)')
    .option('--context <name>', 'a context of the config file (env LIGHTPATH_CONTEXT)')
    .option('--config <path>', 'config file (env LIGHTPATH_CONFIG; default ~/.config/lightpath/config.yaml)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'wide', 'json', 'yaml']))
    .option('--request-timeout <seconds>', 'per request; past it the server counts as unreachable (exit 2)', '10')
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) })
    .exitOverride()
    .showSuggestionAfterError();
  registerGet(program, rt);
  registerDescribe(program, rt);
  registerApply(program, rt);
  registerFabricActions(program, rt);
  registerReservations(program, rt);
  registerCluster(program, rt);
  registerConfig(program, rt, env);
  registerCompletion(program, rt);
  const plan = registerPlan(program, rt, io);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) });
  return { program, plan };
}

/** Runs one command line; resolves with the exit code (docs/ocsctl.md). Never throws. */
export async function runOcsctl(argv: string[], io: OcsctlIo, env: SettingsInput['env']): Promise<number> {
  const { program, plan } = buildProgram(io, env);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return plan.exitCode ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; every other commander error (unknown option, missing argument) is bad usage, already printed.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { line, code } = describeError(err);
    io.stderr(line + '\n');
    return code;
  }
}
