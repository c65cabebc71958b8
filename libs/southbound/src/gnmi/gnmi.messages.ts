/**
 * gNMI messages of lightpath's OCS dialect as the driver sends and reads them (gNMI specification
 * 0.7.0; models and paths in gnmi.paths.ts; golden fixtures in fixtures/). The target's side (the
 * simulator's replies) is gnmi.target.ts; both use these shapes, so they cannot drift apart.
 *
 * Set is one transaction (specification 3.4.3: all of it or none), so a switch cannot refuse one
 * pair and make the others as NETCONF's continue-on-error does. Per-pair results come from a
 * refused Set retried without the pairs its error names (readSetRefusal; the session's apply):
 * ASSUMED, as the specification leaves the error's text to the target (3.4.7 only fixes the status
 * code's use), that a target names each refused element's path in the status message, one per line,
 * as "<path>: <REJECT_CODE>: <reason>". A refusal naming no pair is bisected instead.
 */
import type { CrossConnectPair, RejectCode } from '@lightpath/mems-sim';
import type { DeviceNotice, DeviceState } from '../common/device-session';
import { crossConnectOf, joinPath, paths, pathString, portOf, type Path } from './gnmi.paths';

export interface TypedValue {
  value?: string;
  json_ietf_val?: Buffer;
  json_val?: Buffer;
  string_val?: string;
  int_val?: string;
  uint_val?: string;
  bool_val?: boolean;
  ascii_val?: string;
}
export interface Update {
  path?: Path;
  val?: TypedValue;
}
export interface Notification {
  timestamp?: string;
  prefix?: Path;
  update?: Update[];
  delete?: Path[];
}

export const GNMI_VERSION = '0.7.0';
/** Models a target must list in Capabilities for the driver to use it (names as published; ocs is assumed). */
export const REQUIRED_MODELS = ['openconfig-platform', 'ocs-cross-connect'];

export class GnmiParseError extends Error {
  constructor(message: string) {
    super(`gnmi: ${message}`);
    this.name = 'GnmiParseError';
  }
}

export const jsonVal = (value: unknown): TypedValue => ({ json_ietf_val: Buffer.from(JSON.stringify(value), 'utf8') });

/** A TypedValue's content: JSON decoded, scalars as they are. */
export function valueOf(val: TypedValue | undefined): unknown {
  if (!val) return undefined;
  const json = val.json_ietf_val ?? val.json_val;
  if (json) {
    try {
      return JSON.parse(Buffer.from(json).toString('utf8'));
    } catch {
      throw new GnmiParseError(`a JSON value is not JSON: ${JSON.stringify(Buffer.from(json).subarray(0, 80).toString('utf8'))} (${json.length} bytes)`);
    }
  }
  if (val.int_val !== undefined) return Number(val.int_val);
  if (val.uint_val !== undefined) return Number(val.uint_val);
  return val.string_val ?? val.bool_val ?? val.ascii_val;
}

// ---- driver -> switch ----------------------------------------------------------------------------------

export const gnmiRequest = {
  capabilities: () => ({}),
  /** One Get for everything lightpath reads: identity and power, port counts, cross-connects, ports. */
  getState: () => ({ path: [paths.chassis(), paths.ocsState(), paths.crossConnects(), paths.ports()], type: 'ALL', encoding: 'JSON_IETF' }),
  /** One SetRequest per batch: an update per pair to connect, a delete per pair to disconnect. */
  set: (kind: 'connect' | 'disconnect', pairs: CrossConnectPair[]) =>
    kind === 'connect'
      ? { update: pairs.map((p) => ({ path: paths.crossConnectConfig(p.north, p.south), val: jsonVal({ 'in-port': p.north, 'out-port': p.south }) })) }
      : { delete: pairs.map((p) => paths.crossConnect(p.north, p.south)) },
  /** Alarms as they change (STREAM, ON_CHANGE); updates_only, as the state itself is read by Get. */
  subscribe: () => ({ subscribe: { subscription: [{ path: paths.alarms(), mode: 'ON_CHANGE' }], mode: 'STREAM', encoding: 'JSON_IETF', updates_only: true } }),
};

// ---- switch -> driver ------------------------------------------------------------------------------------

export interface CapabilityResponse {
  supported_models?: { name?: string; organization?: string; version?: string }[];
  supported_encodings?: string[];
  gNMI_version?: string;
}

/** What Capabilities must say for the driver to go on; the error names what is missing. */
export function checkCapabilities(reply: CapabilityResponse): void {
  const models = (reply.supported_models ?? []).map((m) => m.name ?? '');
  const missing = REQUIRED_MODELS.filter((m) => !models.includes(m));
  if (missing.length) throw new GnmiParseError(`the target does not list the model(s) ${missing.join(', ')} in Capabilities (it lists ${models.slice(0, 8).join(', ') || 'none'})`);
  if (!(reply.supported_encodings ?? []).includes('JSON_IETF')) throw new GnmiParseError(`the target does not support JSON_IETF encoding (it supports ${(reply.supported_encodings ?? []).join(', ') || 'none'})`);
}

export interface GnmiState extends DeviceState {
  vendor: string;
  model: string;
  firmware: string;
  northPorts: number;
  southPorts: number;
}

type Json = Record<string, unknown>;
const health = (status: unknown) => (/FAILED|DOWN/.test(String(status)) ? 'failed' : /DEGRADED/.test(String(status)) ? 'degraded' : 'ok');

/** The GetResponse of gnmiRequest.getState(): one Notification per path asked (specification 3.3.2). */
export function readGetState(reply: { notification?: Notification[] }): GnmiState {
  let chassis: Json | undefined;
  let counts: Json | undefined;
  const crossConnects: GnmiState['crossConnects'] = [];
  const ports: GnmiState['ports'] = [];
  for (const n of reply.notification ?? []) {
    for (const u of n.update ?? []) {
      const path = joinPath(n.prefix, u.path);
      const where = pathString(path);
      const value = (valueOf(u.val) ?? {}) as Json;
      if (where === '/components/component[name=chassis]/state') chassis = value;
      else if (where === '/ocs/state') counts = value;
      else if (where.startsWith('/ocs/cross-connects/')) {
        const pair = crossConnectOf(path);
        if (!pair) throw new GnmiParseError(`cross-connect update without in-port and out-port keys at ${where}`);
        crossConnects.push({ ...pair, lossDb: Number(value['insertion-loss'] ?? 0) });
      } else if (where.startsWith('/ocs/ports/')) {
        const name = path.elem?.find((e) => e.name === 'port')?.key?.name ?? String(value.name);
        const port = portOf(name);
        if (!port) throw new GnmiParseError(`port ${JSON.stringify(name)} at ${where} is not named in-<n> or out-<n>`);
        const power = value['input-power'];
        ports.push({ ...port, health: health(value['oper-status']), powerDbm: power === undefined || power === null ? null : Number(power) });
      }
    }
  }
  const northPorts = Number(counts?.['in-port-count']);
  if (!chassis?.['mfg-name'] || !Number.isInteger(northPorts) || northPorts < 1) throw new GnmiParseError('the Get reply lacks the chassis state (mfg-name) or /ocs/state in-port-count');
  return {
    vendor: String(chassis['mfg-name']),
    model: String(chassis['part-no'] ?? ''),
    firmware: String(chassis['software-version'] ?? ''),
    northPorts,
    southPorts: Number(counts?.['out-port-count'] ?? northPorts),
    powered: !/INACTIVE|DISABLED/.test(String(chassis['oper-status'] ?? 'ACTIVE')),
    crossConnects: crossConnects.sort((a, b) => a.north - b.north),
    ports,
  };
}

const SEVERITIES: Record<string, 'minor' | 'major' | 'critical'> = { CRITICAL: 'critical', MAJOR: 'major', MINOR: 'minor', WARNING: 'minor' };

/**
 * An openconfig-alarms update or delete -> what it means: a raised alarm on a port or the chassis,
 * or one cleared (its alarm deleted). ASSUMED: an alarm's id is its resource's name (in-<n>,
 * out-<n> or chassis), so a delete says which resource it cleared.
 */
export function readAlarms(n: Notification): DeviceNotice[] {
  const notices: DeviceNotice[] = [];
  for (const u of n.update ?? []) {
    const path = joinPath(n.prefix, u.path);
    if (!pathString(path).startsWith('/system/alarms/alarm[')) continue;
    const a = (valueOf(u.val) ?? {}) as Json;
    const resource = String(a.resource ?? path.elem?.find((e) => e.name === 'alarm')?.key?.id ?? '');
    const severity = SEVERITIES[String(a.severity ?? '').replace(/^.*:/, '')];
    const reason = String(a.text ?? a['type-id'] ?? 'alarm');
    const port = portOf(resource);
    if (port) notices.push({ kind: 'port', port, health: /DEGRADED/.test(String(a['type-id'])) ? 'degraded' : 'failed', ...(severity ? { severity } : {}), reason });
    else if (resource === 'chassis' && /POWER/.test(String(a['type-id']))) notices.push({ kind: 'power', powered: false, reason });
  }
  for (const d of n.delete ?? []) {
    const id = joinPath(n.prefix, d).elem?.find((e) => e.name === 'alarm')?.key?.id ?? '';
    const port = portOf(id);
    if (port) notices.push({ kind: 'port', port, health: 'ok', reason: `alarm on ${id} cleared` });
    else if (id === 'chassis') notices.push({ kind: 'power', powered: true, reason: 'chassis alarm cleared: power restored' });
  }
  return notices;
}

/** gRPC status codes (grpc/grpc doc/statuscodes.md) a refused Set may carry, and the RejectCode each means. */
const REFUSAL_CODES: Record<number, RejectCode> = { 3: 'INVALID_PAIR', 5: 'NOT_CONNECTED', 6: 'PORT_BUSY', 9: 'DEVICE_ERROR', 10: 'DEVICE_ERROR', 11: 'PORT_OUT_OF_RANGE', 12: 'DEVICE_ERROR' };
const REJECT_CODES: readonly RejectCode[] = ['PORT_OUT_OF_RANGE', 'INVALID_PAIR', 'PORT_BUSY', 'PORT_FAILED', 'MIRROR_STUCK', 'NOT_CONNECTED', 'POWERED_OFF'];

/** The status codes of a Set the target refused and rolled back (3.4.3): nothing changed, so it may be retried. */
export const isRefusal = (code: number) => code in REFUSAL_CODES;

/** A refused Set's status -> the pairs it names, each with its RejectCode and reason. */
export function readSetRefusal(code: number, details: string, pairs: CrossConnectPair[]): Map<number, { code: RejectCode; reason: string }> {
  const named = new Map<number, { code: RejectCode; reason: string }>();
  for (const line of details.split('\n')) {
    const m = /cross-connect\[in-port=(\d+)\]\[out-port=(\d+)\](?:\/\w+)?:\s*(?:([A-Z_]+):\s*)?(.*)$/.exec(line);
    if (!m) continue;
    const pair = pairs.find((p) => p.north === Number(m[1]) && p.south === Number(m[2]));
    if (!pair) continue;
    const word = m[3] as RejectCode | undefined;
    const reject = word && REJECT_CODES.includes(word) ? word : generalCode(code);
    named.set(pair.north, { code: reject, reason: reject === 'DEVICE_ERROR' ? `device error (gRPC status ${code}): ${m[4] || line}` : m[4] || line });
  }
  return named;
}

/** The RejectCode of a refusal that names no pair (or names one with no code). */
export const generalCode = (code: number): RejectCode => REFUSAL_CODES[code] ?? 'DEVICE_ERROR';
