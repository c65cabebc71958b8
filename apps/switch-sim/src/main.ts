/**
 * Switch simulator: plays real switches at the protocol level (TL1, NETCONF and gNMI), each in front of its own mems-sim crossbar, so an agent drives it exactly
 * as it would drive hardware: over a socket, never by import.
 */
import { createLogger, exitOnStartupFailure, loadConfig, type Logger } from '@lightpath/observability';
import { createAdminServer, type SimTarget } from './admin/admin.server';
import { SimConfigSchema } from './config/sim.config';
import { GnmiServer } from './gnmi/gnmi.server';
import { NetconfServer } from './netconf/netconf.server';
import { SimSwitch } from './sim-switch';
import { Tl1Server } from './tl1/tl1.server';

let startupLogger: Logger | undefined;

async function bootstrap(): Promise<void> {
  const config = loadConfig(SimConfigSchema, process.env, 'switch-sim');
  const logger = createLogger('switch-sim', config.LOG_LEVEL);
  startupLogger = logger;
  const targets = new Map<string, SimTarget>();
  const servers: (Tl1Server | NetconfServer | GnmiServer)[] = [];
  const listening: Record<string, string> = {};
  for (const [index, spec] of config.SIM_SWITCHES.entries()) {
    const sim = new SimSwitch(spec, config, index);
    const credentials = { username: config.SIM_USERNAME, password: config.SIM_PASSWORD };
    const server = spec.protocol === 'tl1' ? new Tl1Server(sim, credentials, logger) : spec.protocol === 'netconf' ? new NetconfServer(sim, credentials, logger) : new GnmiServer(sim, credentials, logger);
    const port = await server.listen(config.SIM_HOST, spec.port);
    servers.push(server);
    targets.set(spec.switchId, { sim, dropSessions: () => server.dropSessions() });
    listening[spec.switchId] = `${spec.protocol}://${config.SIM_HOST}:${port}${server instanceof NetconfServer ? ` (host key ${server.hostKeyFingerprint})` : ''}`;
  }
  const admin = createAdminServer(targets);
  await new Promise<void>((resolve) => admin.listen(config.SIM_HTTP_PORT, config.SIM_HTTP_HOST, resolve));
  const address = admin.address() as { port: number };
  const shutdown = async () => {
    await Promise.all(servers.map((s) => s.close()));
    admin.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  logger.info({ admin: `http://${config.SIM_HTTP_HOST}:${address.port}`, switches: listening }, 'switch sim ready');
}

bootstrap().catch((err: unknown) => exitOnStartupFailure('switch-sim', err, startupLogger));
