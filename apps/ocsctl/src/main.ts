/**
 * ocsctl: the lightpath operator CLI (docs/ocsctl.md). Process wiring only: the environment is read
 * here, once, and handed on; everything else is runOcsctl.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runOcsctl } from './program';

// An empty variable counts as unset, as in a shell's ${VAR:-default}.
const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')) as NodeJS.ProcessEnv;
void runOcsctl(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    readFile: (path) => readFileSync(path, 'utf8'),
    writeFile: (path, text) => writeFileSync(path, text),
  },
  {
    LIGHTPATH_SERVER: env.LIGHTPATH_SERVER,
    LIGHTPATH_TOKEN: env.LIGHTPATH_TOKEN,
    LIGHTPATH_TOKEN_FILE: env.LIGHTPATH_TOKEN_FILE,
    LIGHTPATH_CONTEXT: env.LIGHTPATH_CONTEXT,
    LIGHTPATH_CONFIG: env.LIGHTPATH_CONFIG,
    XDG_CONFIG_HOME: env.XDG_CONFIG_HOME,
    HOME: env.HOME,
  },
).then((code) => {
  // Exit once the output is flushed: fetch keeps idle connections open for seconds after the last
  // answer, and a CLI must not linger that long after it has said everything.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
