import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from './repo-root';
import { waitFor } from './wait-for';

const ROOT = repoRoot(__dirname);

export interface AppProcess {
  /** Base URL of its HTTP server, e.g. http://127.0.0.1:41234 */
  url: string;
  logs: () => string;
  /** Graceful stop (SIGTERM), as an operator's restart would do. */
  stop: () => Promise<void>;
  /** SIGKILL: a crash, nothing flushed. */
  kill: () => Promise<void>;
  /** The process id, for signals a test sends itself (SIGSTOP / SIGCONT: a grey failure). */
  pid: number;
}

/**
 * Runs one of the apps as its own process from the build output, exactly as deploy/ runs it, and
 * resolves once it logs `readyMessage` with the URL it listens on (port 0 = any free port). A
 * process that does not get there within `timeoutMs` is killed, so a failed start leaves nothing
 * running, and the error carries the end of its output.
 */
export async function startApp(
  app: 'orchestrator' | 'switch-agent' | 'switch-sim',
  env: Record<string, string>,
  readyMessage: string,
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<AppProcess> {
  // LIGHTPATH_CPU_PROF_DIR=dir: every app started here writes a V8 CPU profile there when it stops
  // (Chrome DevTools or speedscope open it), so a benchmark can say where its time goes.
  const profDir = process.env.LIGHTPATH_CPU_PROF_DIR;
  const nodeArgs = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, resolve(ROOT, `dist/apps/${app}/src/main.js`)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  let exit: string | undefined;
  child.on('exit', (code, signal) => (exit = signal ? `signal ${signal}` : `code ${code}`));
  const url = await waitFor(
    `${app} to log "${readyMessage}"`,
    () => {
      // A process that exited will never log it: stop waiting at once (an empty URL), not at the deadline.
      if (exit) return '';
      for (const line of output.split('\n')) {
        if (!line.includes(readyMessage)) continue;
        const entry = JSON.parse(line) as { api?: string; admin?: string };
        return (entry.api ?? entry.admin ?? '').replace(/\/v1$/, '');
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 100 },
  ).catch(async (err: Error) => {
    await terminate(child, 'SIGKILL');
    throw new Error(`${err.message}\n${app} output:\n${output.slice(-4000)}`);
  });
  if (exit) throw new Error(`${app} (pid ${child.pid}) exited during start-up with ${exit}:\n${output.slice(-4000)}`);
  return {
    url: url.replace('localhost', '127.0.0.1'),
    logs: () => output,
    stop: () => terminate(child, 'SIGTERM'),
    kill: () => terminate(child, 'SIGKILL'),
    pid: child.pid!,
  };
}

function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      res();
    });
    child.kill(signal);
  });
}
