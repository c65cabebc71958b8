/**
 * The simulator's admin endpoint (loopback by default), for tests, demos and game days:
 *   GET  /admin/switches/:id              the crossbar as the switch holds it
 *   POST /admin/switches/:id/faults       a mems-sim fault request (fail-port, power-loss, ...)
 *   POST /admin/switches/:id/cross-connects {north, south}   a craft change nobody asked for
 *   POST /admin/switches/:id/drop-sessions  cut every management session (the listener stays)
 * Plain node:http: the simulator is a test instrument with four routes, not a service.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CrossConnectPairSchema, formatIssues } from '@lightpath/contracts';
import { applyFault, FaultRequestSchema, MemsSimError } from '@lightpath/mems-sim';
import type { SimSwitch } from '../sim-switch';

export interface SimTarget {
  sim: SimSwitch;
  dropSessions(): number;
}

export function createAdminServer(targets: Map<string, SimTarget>): Server {
  return createServer((req, res) => {
    route(targets, req)
      .then(([status, body]) => send(res, status, body))
      .catch((err: unknown) => send(res, 500, { error: String(err) }));
  });
}

async function route(targets: Map<string, SimTarget>, req: IncomingMessage): Promise<[number, unknown]> {
  const m = /^\/admin\/switches\/([^/]+)(?:\/([a-z-]+))?$/.exec(req.url ?? '');
  if (!m) return [404, { error: `no route ${req.method} ${req.url}; see apps/switch-sim/src/admin/admin.server.ts` }];
  const target = targets.get(decodeURIComponent(m[1]));
  if (!target) return [404, { error: `switch ${m[1]} is not simulated here (simulated: ${[...targets.keys()].join(', ')})` }];
  const driver = target.sim.driver;
  const action = `${req.method} ${m[2] ?? ''}`;
  if (action === 'GET ') return [200, driver.snapshot()];
  const body = await readJson(req);
  if (action === 'POST faults') {
    const parsed = FaultRequestSchema.safeParse(body);
    if (!parsed.success) return [400, { error: `invalid fault request: ${formatIssues(parsed.error)}` }];
    try {
      return [202, applyFault(driver, parsed.data)];
    } catch (err) {
      if (err instanceof MemsSimError) return [err.kind === 'not-found' ? 404 : 400, { error: err.message }];
      throw err;
    }
  }
  if (action === 'POST cross-connects') {
    const parsed = CrossConnectPairSchema.safeParse(body);
    if (!parsed.success) return [400, { error: `invalid pair: ${formatIssues(parsed.error)}` }];
    const [result] = await target.sim.apply('connect', [parsed.data]);
    return [result.ok ? 201 : 409, result];
  }
  if (action === 'POST drop-sessions') return [202, { dropped: target.dropSessions() }];
  return [404, { error: `no route ${req.method} ${req.url}` }];
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
