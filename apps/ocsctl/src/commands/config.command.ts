import type { Command } from 'commander';
import type { CliRuntime, GlobalOptions } from '../cli-runtime';
import { UsageError } from '../exit-codes';
import { configPath, readConfigFile, setContext, writeConfigFile } from '../ocsctl-config';
import { render } from '../output';

/** `ocsctl config ...`: contexts in ~/.config/lightpath/config.yaml (server, token or token file, output). */
export function registerConfig(program: Command, rt: CliRuntime, env: Parameters<typeof configPath>[0]['env']): void {
  const config = program.command('config').description('contexts: which server, which token, which output by default');
  const pathOf = (cmd: Command) => configPath({ flags: cmd.optsWithGlobals<GlobalOptions>(), env });
  config
    .command('set-context')
    .description('add or change a context (the first one becomes current)')
    .argument('<name>')
    .option('--server <url>', 'orchestrator URL')
    .option('--token <token>', 'bearer token (stored in the file, mode 600)')
    .option('--token-file <path>', 'read the token from this file at each call instead')
    .option('--output <format>', 'default -o: table, wide, json or yaml')
    .action(async (name: string, o: { server?: string; token?: string; tokenFile?: string; output?: string }, cmd: Command) => {
      const path = pathOf(cmd);
      // --server, --token and --output are also global options; commander hands them to whichever defined them.
      const own = { ...cmd.optsWithGlobals<typeof o>(), ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) };
      writeConfigFile(path, await setContext(await readConfigFile(path), name, { server: own.server, token: own.token, tokenFile: own.tokenFile, output: own.output as never }));
      rt.io.stdout(`context ${name} saved in ${path}\n`);
    });
  config
    .command('use-context')
    .description('make a context current')
    .argument('<name>')
    .action(async (name: string, _o, cmd: Command) => {
      const path = pathOf(cmd);
      const file = await readConfigFile(path);
      if (!file.contexts[name]) throw new UsageError(`no context "${name}" in ${path}; add it with \`ocsctl config set-context ${name} --server URL\``);
      writeConfigFile(path, { ...file, currentContext: name });
      rt.io.stdout(`switched to context ${name}\n`);
    });
  config
    .command('get-contexts')
    .description('list the contexts (tokens are never printed)')
    .action(async (_o, cmd: Command) => {
      const file = await readConfigFile(pathOf(cmd));
      const rows = Object.entries(file.contexts).map(([name, c]) => ({ current: name === file.currentContext ? '*' : '', name, server: c.server, auth: c.token ? 'token' : c.tokenFile ? `file ${c.tokenFile}` : '', output: c.output }));
      const safe = { currentContext: file.currentContext, contexts: rows.map(({ current: _c, ...r }) => r) };
      rt.io.stdout(
        render((await rt.settings(cmd)).output, safe, rows, [
          { header: 'current', value: (r) => r.current },
          { header: 'name', value: (r) => r.name },
          { header: 'server', value: (r) => r.server },
          { header: 'auth', value: (r) => r.auth },
          { header: 'output', value: (r) => r.output },
        ]),
      );
    });
}
