#!/usr/bin/env node
// Waits until the demo fleet really works, within a bounded time, for deploy/demo.sh:
//   1. every process answers 200 on /health/ready (Redis and Kafka reached, consumers joined),
//   2. the orchestrator lists every switch as registered and reachable,
//   3. on every switch a cross-connect is applied and removed again through the API (a smoke check:
//      the command travels orchestrator -> Kafka -> agent -> simulated mirrors -> ack, which a
//      registered but deaf agent would fail). It uses the highest ports nothing else holds and leaves
//      no circuit behind (the two operations stay in the audit log, as every operation does).
// A step that fails for a passing reason (503 while a consumer joins, an operation TIMEOUT while a
// partition is assigned) is retried until the deadline; what was still missing is printed then.
//
//   node deploy/demo-ready.mjs --api URL --token T --seconds 120 \
//     --process "orchestrator|http://127.0.0.1:3000|" --process "agent 1|http://127.0.0.1:3101|ocs-0,ocs-2" ...
// (name|base URL of its /health/ready|switches it serves). Exit 0 ready, 1 not ready by the deadline,
// 2 a refusal retrying cannot fix (e.g. 401: bad token); on failure stdout names the process whose
// log tells why (the one not ready, or the agent serving the switch that failed).
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    api: { type: 'string' },
    token: { type: 'string' },
    seconds: { type: 'string', default: '120' },
    process: { type: 'string', multiple: true, default: [] },
  },
});
const api = args.api;
const processes = args.process.map((p) => {
  const [name, url, serves] = p.split('|');
  return { name, url, switches: serves ? serves.split(',') : [] };
});
const switches = processes.flatMap((p) => p.switches);
const servedBy = (switchId) => processes.find((p) => p.switches.includes(switchId))?.name ?? 'orchestrator';
const deadline = Date.now() + Number(args.seconds) * 1000;
const auth = { authorization: `Bearer ${args.token}` };
const started = Date.now();
const log = (msg) => process.stderr.write(`[demo] ${msg} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);

class Fatal extends Error {}
/** The error of one step, with the process whose log explains it. */
const blaming = (name, step) => step().catch((err) => Promise.reject(Object.assign(err, { blame: err.blame ?? name })));
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(method, path, body) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text.slice(0, 200) };
  }
  if (res.status === 401 || res.status === 403) throw new Fatal(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return { status: res.status, body: json };
}

/** Retries `step` (undefined = not yet, a string says why) every `everyMs` until it returns a value or the deadline passes. */
async function until(what, step, everyMs = 250) {
  let why = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const value = await step();
      if (typeof value !== 'string' && value !== undefined) return value;
      if (typeof value === 'string') why = value;
    } catch (err) {
      if (err instanceof Fatal) throw err;
      why = err.cause?.code ?? err.message;
    }
    await pause(everyMs);
  }
  throw new Error(`${what}: ${why}`);
}

async function ready({ name, url: base }) {
  await until(`${name} not ready at ${base}/health/ready`, async () => {
    const res = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(5000) });
    return res.status === 200 ? true : `${res.status} ${(await res.text()).slice(0, 200)}`;
  });
  log(`${name} ready`);
}

async function registered() {
  await until('switches not all registered and reachable', async () => {
    const { status, body } = await call('GET', '/v1/switches');
    if (status !== 200) return `GET /v1/switches answered ${status}`;
    const reachable = new Set(body.switches.filter((s) => s.reachable).map((s) => s.switchId));
    const missing = switches.filter((id) => !reachable.has(id));
    if (missing.length > 0) registered.missing = missing;
    return missing.length === 0 ? true : `missing ${missing.join(', ')}`;
  }).catch((err) => Promise.reject(Object.assign(err, { blame: servedBy(registered.missing?.[0]) })));
  log(`${switches.length} switches registered`);
}

/** Runs one operation to its end; a failed operation is a reason to retry (returned as text). */
async function operation(method, path, body) {
  const { status, body: accepted } = await call(method, path, body);
  if (status !== 202) {
    const said = `${method} ${path} answered ${status} ${accepted.code ?? ''}: ${accepted.message ?? JSON.stringify(accepted)}`;
    // 409 (a port still held by an earlier attempt), 429 and 5xx pass; any other refusal would repeat.
    if (status >= 400 && status < 500 && status !== 409 && status !== 429) throw new Fatal(said);
    return said;
  }
  const op = await until(`operation ${accepted.id} (${method} ${path}) did not finish`, async () => {
    const { body: o } = await call('GET', `/v1/operations/${accepted.id}`);
    return o.status === 'succeeded' || o.status === 'failed' ? o : undefined;
  }, 100);
  return op.status === 'succeeded' ? op : `${method} ${path}: operation ${op.id} failed ${op.reason ?? ''}`;
}

/** Highest north and south port of the switch that no circuit (actual, desired, pending) holds and that is healthy. */
async function freePorts(switchId) {
  const { status, body } = await call('GET', `/v1/switches/${switchId}`);
  if (status !== 200) return `GET /v1/switches/${switchId} answered ${status}`;
  const held = new Set([
    ...[...body.active, ...body.desired].flatMap((c) => [`north:${c.north}`, `south:${c.south}`]),
    ...[...body.pending, ...body.unhealthyPorts].map((p) => `${p.side}:${p.port}`),
  ]);
  const free = (side, top) => {
    for (let p = top; p >= 1; p--) if (!held.has(`${side}:${p}`)) return p;
    return undefined;
  };
  const pair = { north: free('north', body.northPorts), south: free('south', body.southPorts) };
  return pair.north && pair.south ? pair : 'every port is in use';
}

async function smoke(switchId) {
  const base = `/v1/switches/${switchId}/cross-connects`;
  // The pair is chosen again on each attempt: a timed-out attempt may still hold its ports a while.
  const pair = await until(`no cross-connect applied on ${switchId}`, async () => {
    const free = await freePorts(switchId);
    if (typeof free === 'string') return free;
    const done = await operation('POST', base, free);
    return typeof done === 'string' ? done : free;
  }, 500);
  await until(`cross-connect N${pair.north}-S${pair.south} on ${switchId} not removed`, () => operation('DELETE', `${base}/${pair.north}`), 500);
}

try {
  await Promise.all(processes.map((p) => blaming(p.name, () => ready(p))));
  await registered();
  await Promise.all(switches.map((id) => blaming(servedBy(id), () => smoke(id))));
  log(`smoke check passed: a cross-connect applied and removed on each of ${switches.join(', ')}`);
} catch (err) {
  process.stderr.write(`[demo] not ready after ${((Date.now() - started) / 1000).toFixed(0)} s: ${err.message}\n`);
  if (err.blame) process.stdout.write(err.blame);
  process.exit(err instanceof Fatal ? 2 : 1);
}
