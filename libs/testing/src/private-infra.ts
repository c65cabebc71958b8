import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Socket, createServer } from 'node:net';
import { resolve } from 'node:path';
import { repoRoot } from './repo-root';
import { waitFor } from './wait-for';

/**
 * A Kafka broker or redis-server of a test's own, on free loopback ports, started through the same
 * deploy/infra.sh the README uses (one way to configure them). Tests that stop, kill, pause or wipe a
 * server use one of these, so the shared servers the rest of the suite runs on never go down.
 */
export interface PrivateServer {
  readonly kind: 'kafka' | 'redis';
  /** KAFKA_BROKERS (`127.0.0.1:PORT`) or REDIS_URL (`redis://127.0.0.1:PORT`). */
  readonly address: string;
  readonly port: number;
  /** Where the server keeps its data (Kafka's log.dirs, Redis's AOF), e.g. for a bench's `du`. */
  readonly dataDir: string;
  pid(): number | undefined;
  /** (Re)start on the same port and data: a restarted broker keeps its topics, Redis replays its AOF. */
  start(): Promise<void>;
  /** SIGTERM, as an operator's restart; resolves when the port is closed. */
  stop(): Promise<void>;
  /** SIGKILL: nothing flushed. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a grey failure (the port stays open, nothing answers). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stop and delete the data: the next start() is a freshly formatted broker or an empty Redis. */
  wipe(): Promise<void>;
  /** Stop for good and delete the data (afterAll). */
  dispose(): Promise<void>;
}

const ROOT = repoRoot(__dirname);
const live = new Set<PrivateServer>();

// A test that dies before its afterAll must not leave a JVM behind.
process.once('exit', () => {
  for (const server of live) {
    const pid = server.pid();
    if (pid) signal(pid, 'SIGKILL');
  }
});

export function startPrivateKafka(name: string): Promise<PrivateServer> {
  return startPrivate('kafka', name);
}

export function startPrivateRedis(name: string): Promise<PrivateServer> {
  return startPrivate('redis', name);
}

async function startPrivate(kind: 'kafka' | 'redis', name: string): Promise<PrivateServer> {
  const dir = resolve(ROOT, '.run/private', `${name}-${kind}-${process.pid}`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LIGHTPATH_RUN: dir,
    LIGHTPATH_CACHE: process.env.LIGHTPATH_CACHE ?? resolve(ROOT, '.cache'),
    LIGHTPATH_KAFKA_PORT: String(kind === 'kafka' ? port : await freePort()),
    LIGHTPATH_KAFKA_CONTROLLER_PORT: String(await freePort()),
    LIGHTPATH_REDIS_PORT: String(kind === 'redis' ? port : await freePort()),
  };
  // Set, these would make infra.sh use the shared servers instead of starting ours.
  delete env.KAFKA_BROKERS;
  delete env.REDIS_URL;
  const pidFile = resolve(dir, kind, `${kind}.pid`);
  const pid = (): number | undefined => {
    if (!existsSync(pidFile)) return undefined;
    const value = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const infra = (...args: string[]) => run(resolve(ROOT, 'deploy/infra.sh'), [...args, kind], env);
  const until = async (what: string, open: boolean) =>
    waitFor(`private ${kind} on ${port} ${what}`, async () => (await portOpen(port)) === open, {
      timeoutMs: 60_000,
      intervalMs: 50,
    });
  const sendAndWait = async (sig: NodeJS.Signals) => {
    const p = pid();
    if (p === undefined || !alive(p)) return;
    signal(p, sig);
    await waitFor(`private ${kind} (pid ${p}) to exit after ${sig}`, () => !alive(p), { timeoutMs: 60_000 });
    await until('to close', false);
  };

  const server: PrivateServer = {
    kind,
    port,
    dataDir: resolve(dir, kind, kind === 'kafka' ? 'data' : ''),
    address: kind === 'kafka' ? `127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    pid,
    start: async () => {
      await infra('up');
      live.add(server);
    },
    stop: () => sendAndWait('SIGTERM'),
    kill: () => sendAndWait('SIGKILL'),
    pause: async () => {
      const p = pid();
      if (p !== undefined) signal(p, 'SIGSTOP');
    },
    resume: async () => {
      const p = pid();
      if (p !== undefined) signal(p, 'SIGCONT');
    },
    wipe: async () => {
      await server.resume();
      await server.stop();
      rmSync(resolve(dir, kind), { recursive: true, force: true });
    },
    dispose: async () => {
      await server.wipe();
      rmSync(dir, { recursive: true, force: true });
      live.delete(server);
    },
  };
  await server.start();
  return server;
}

/** Runs a deploy/ script with bash; its stderr goes into the error. */
export function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((res, rej) =>
    execFile('bash', [script, ...args], { env, cwd: ROOT, maxBuffer: 16 << 20 }, (err, _out, stderr) =>
      err ? rej(new Error(`testing/private-infra: infra.sh ${args.join(' ')} failed: ${err.message}\n${stderr}`)) : res(),
    ),
  );
}

/** A process that exited, or a zombie nobody reaped yet (the daemon's parent is long gone). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((res) => {
    const sock = new Socket();
    const done = (open: boolean) => {
      sock.destroy();
      res(open);
    };
    sock.setTimeout(1_000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
    sock.connect(port, host);
  });
}
