import type { Command } from 'commander';
import type { CliRuntime } from '../cli-runtime';

/**
 * `ocsctl plan --fabric f.yaml --intent i.json [--current c.json] ...`: the offline planner of
 * apps/topology-cli in the same binary, its arguments and exit codes unchanged (docs/topology-cli.md).
 * Loaded only when used, so other commands do not pay for the topology library at start-up.
 */
export function registerPlan(program: Command, rt: CliRuntime, files: { readFile(path: string): string; writeFile(path: string, text: string): void }): { exitCode?: number } {
  const result: { exitCode?: number } = {};
  program
    .command('plan')
    .description('offline planner, no server: --fabric f.yaml --intent i.json [--current c.json] (docs/topology-cli.md)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action(async (args: string[]) => {
      const { runCli } = await import('../../../topology-cli/src/run-cli');
      result.exitCode = await runCli(args, { ...files, stdout: (t) => rt.io.stdout(t), stderr: (t) => rt.io.stderr(t) });
    });
  return result;
}
