import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriverEvent } from '@lightpath/mems-sim';
import type { DriverTarget, RemoteDriverKind, RemoteSwitchDriver } from '@lightpath/southbound';
import { waitFor } from '@lightpath/testing';
import pino from 'pino';
import { afterAll, afterEach } from 'vitest';
import { SimConfigSchema } from '../../apps/switch-sim/src/config/sim.config';
import { SimSwitch } from '../../apps/switch-sim/src/sim-switch';

export const silent = pino({ level: 'silent' });
const timing = { connectTimeoutMs: 5_000, commandTimeoutMs: 5_000, backoffMinMs: 20, backoffMaxMs: 200, outcomeWaitMs: 5_000, resyncMs: 0 };
export const SIM_CREDENTIALS = { username: 'lightpath', password: 'pw' };

interface Listening {
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * A protocol driver against its switch-sim server over a real socket, in one test process (no Kafka
 * or Redis needed): fresh simulators and started drivers, closed after each test.
 */
export function remoteDriverHarness<S extends Listening, D extends RemoteSwitchDriver, O extends { timeScale?: string }>(
  kind: RemoteDriverKind,
  makeServer: (sim: SimSwitch, opts: O) => S,
  makeDriver: (target: DriverTarget) => D,
) {
  const dir = mkdtempSync(join(tmpdir(), `${kind}-sim-`));
  const cleanup: (() => Promise<unknown>)[] = [];
  let simulators = 0;
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  return {
    async simulator(opts = {} as O) {
      const config = SimConfigSchema.parse({ SIM_SWITCHES: `ocs-${kind[0]}${++simulators}=${kind}:0`, SIM_PROFILE: 'palomar', SIM_TIME_SCALE: opts.timeScale ?? '1', SIM_PASSWORD: SIM_CREDENTIALS.password, SIM_STATE_DIR: dir });
      const sim = new SimSwitch(config.SIM_SWITCHES[0], config, simulators);
      const server = makeServer(sim, opts);
      const port = await server.listen('127.0.0.1', 0);
      cleanup.push(() => server.close());
      return { sim, server, port };
    },
    driver(port: number, over: Partial<DriverTarget> = {}, timingOver: Partial<DriverTarget['timing']> = {}) {
      const target: DriverTarget = { switchId: `ocs-${kind[0]}`, kind, host: '127.0.0.1', port, ...SIM_CREDENTIALS, northPorts: 136, southPorts: 136, timing: { ...timing, ...timingOver }, ...over };
      const d = makeDriver(target);
      const events: DriverEvent[] = [];
      d.onEvent((e) => events.push(e));
      d.start();
      cleanup.push(() => d.close());
      return { d, events };
    },
    up: (d: D) => waitFor('link up', () => d.link().state === 'up'),
  };
}
