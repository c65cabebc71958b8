/**
 * NETCONF payloads of lightpath's Polatis-style dialect, built and parsed; shared by the driver and
 * the simulator so they cannot drift apart (golden fixtures: fixtures/*.xml).
 *
 * Public sources: RFC 6241 (hello and capabilities 8.1, <rpc>/<rpc-reply>/<rpc-error> 4.1-4.3,
 * <get> 7.7, <edit-config> with error-option continue-on-error and operation="create"/"delete"
 * 7.2, <close-session> 7.8); RFC 5277 (<create-subscription> 2.1.1, <notification> 4); the Polatis
 * model as ONOS' Polatis NETCONF driver (opennetworkinglab/onos drivers/polatis/netconf) uses it:
 * namespace http://www.polatis.com/yang/optical-switch, cross-connects/pair{ingress, egress} (module
 * revision >= 2017-08-04; "pairs" before), product-information, opm-power/port{port-id, power},
 * the capability ...optical-switch?module=optical-switch&revision=..., and polatis-switch's
 * system-alarms with alarm-type NOTIF_PORT_POWER read as MAJOR (docs/ocs-facts.md).
 * ASSUMED (docs/southbound.md): Polatis numbers ingress ports 1..N and egress ports N+1..2N;
 * product-information's leaf names; a port-status list (port-id, status ok/degraded/failed);
 * per-pair errors identified by error-path /cross-connects/pair[ingress='n'] with lightpath's
 * codes in error-app-tag; the notification <port-alarm> and <power-alarm> bodies.
 */
import { XMLParser } from 'fast-xml-parser';
import type { CrossConnectPair, PairResult, PortHealth, PortRef, RejectCode } from '@lightpath/mems-sim';

export const NS_BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const NS_NOTIFY = 'urn:ietf:params:xml:ns:netconf:notification:1.0';
export const NS_OPTICAL = 'http://www.polatis.com/yang/optical-switch';
export const CAP_BASE_10 = 'urn:ietf:params:netconf:base:1.0';
export const CAP_BASE_11 = 'urn:ietf:params:netconf:base:1.1';
export const CAP_NOTIFICATION = 'urn:ietf:params:netconf:capability:notification:1.0';
export const CAP_OPTICAL = `${NS_OPTICAL}?module=optical-switch&amp;revision=2017-08-04`;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['pair', 'port', 'rpc-error', 'capability'].includes(name),
});

export class NetconfParseError extends Error {
  constructor(message: string) {
    super(`netconf: ${message}`);
    this.name = 'NetconfParseError';
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Polatis numbers one port space: ingress (our north) 1..N, egress (our south) N+1..2N (assumed). */
export const egressOf = (south: number, northPorts: number) => northPorts + south;
export const southOf = (egress: number, northPorts: number) => egress - northPorts;

// ---- driver -> switch --------------------------------------------------------------------------------

export const netconfRpc = {
  hello: (capabilities: string[], sessionId?: number) =>
    `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NS_BASE}"><capabilities>${capabilities.map((c) => `<capability>${c}</capability>`).join('')}</capabilities>${sessionId === undefined ? '' : `<session-id>${sessionId}</session-id>`}</hello>`,
  /** One <get> for the whole state: identity, cross-connects, power readings and port status. */
  getState: (id: number) =>
    `<rpc message-id="${id}" xmlns="${NS_BASE}"><get><filter type="subtree"><product-information xmlns="${NS_OPTICAL}"/><cross-connects xmlns="${NS_OPTICAL}"/><opm-power xmlns="${NS_OPTICAL}"/><port-status xmlns="${NS_OPTICAL}"/></filter></get></rpc>`,
  /** One edit-config for the whole batch; continue-on-error so each pair succeeds or fails on its own. */
  editPairs: (id: number, operation: 'create' | 'delete', pairs: CrossConnectPair[], northPorts: number) =>
    `<rpc message-id="${id}" xmlns="${NS_BASE}"><edit-config><target><running/></target><error-option>continue-on-error</error-option><config><cross-connects xmlns="${NS_OPTICAL}">${pairs
      .map((p) => `<pair operation="${operation}"><ingress>${p.north}</ingress><egress>${egressOf(p.south, northPorts)}</egress></pair>`)
      .join('')}</cross-connects></config></edit-config></rpc>`,
  subscribe: (id: number) => `<rpc message-id="${id}" xmlns="${NS_BASE}"><create-subscription xmlns="${NS_NOTIFY}"/></rpc>`,
  closeSession: (id: number) => `<rpc message-id="${id}" xmlns="${NS_BASE}"><close-session/></rpc>`,
};

// ---- switch -> driver: parsing -----------------------------------------------------------------------

export interface RpcError {
  tag: string;
  appTag?: string;
  path?: string;
  message?: string;
}

export type NetconfMessage =
  | { kind: 'hello'; capabilities: string[]; sessionId?: number }
  | { kind: 'reply'; messageId: string; ok: boolean; data?: Record<string, unknown>; errors: RpcError[] }
  | { kind: 'notification'; eventTime?: string; body: Record<string, unknown> }
  | { kind: 'rpc'; messageId: string; operation: string; body: Record<string, unknown> };

type Node = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'object' && v !== null ? String((v as Node)['#text'] ?? '') : String(v ?? '')).trim();

export function parseNetconf(xml: string): NetconfMessage {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (err) {
    throw new NetconfParseError(`not well-formed XML (${(err as Error).message.split('\n')[0]}): ${JSON.stringify(xml.slice(0, 80))} (${xml.length} chars)`);
  }
  if (doc.hello) {
    const h = doc.hello as Node;
    const caps = ((h.capabilities as Node | undefined)?.capability as unknown[] | undefined) ?? [];
    return { kind: 'hello', capabilities: caps.map(text), ...(h['session-id'] !== undefined ? { sessionId: Number(text(h['session-id'])) } : {}) };
  }
  if (doc['rpc-reply']) {
    const r = doc['rpc-reply'] as Node;
    const errors = ((r['rpc-error'] as Node[] | undefined) ?? []).map((e) => ({
      tag: text(e['error-tag']),
      ...(e['error-app-tag'] !== undefined ? { appTag: text(e['error-app-tag']) } : {}),
      ...(e['error-path'] !== undefined ? { path: text(e['error-path']) } : {}),
      ...(e['error-message'] !== undefined ? { message: text(e['error-message']) } : {}),
    }));
    return { kind: 'reply', messageId: String(r['@message-id'] ?? ''), ok: r.ok !== undefined, ...(r.data !== undefined ? { data: (r.data || {}) as Node } : {}), errors };
  }
  if (doc.notification) {
    const n = doc.notification as Node;
    const { eventTime, ...body } = n;
    return { kind: 'notification', ...(eventTime !== undefined ? { eventTime: text(eventTime) } : {}), body: body as Node };
  }
  if (doc.rpc) {
    const r = doc.rpc as Node;
    const operation = Object.keys(r).find((k) => !k.startsWith('@') && k !== '#text');
    if (!operation) throw new NetconfParseError('<rpc> names no operation');
    return { kind: 'rpc', messageId: String(r['@message-id'] ?? ''), operation, body: (r[operation] || {}) as Node };
  }
  throw new NetconfParseError(`root element is none of hello, rpc, rpc-reply, notification: ${JSON.stringify(xml.slice(0, 80))}`);
}

export interface OpticalState {
  vendor: string;
  model: string;
  firmware: string;
  northPorts: number;
  southPorts: number;
  powered: boolean;
  pairs: (CrossConnectPair & { lossDb: number })[];
  ports: (PortRef & { health: PortHealth; powerDbm: number | null })[];
}

/** The <data> of the state <get> reply. */
export function readState(data: Record<string, unknown>): OpticalState {
  const info = (data['product-information'] ?? {}) as Node;
  const northPorts = Number(text(info['ingress-ports']));
  const southPorts = Number(text(info['egress-ports']));
  if (!text(info.manufacturer) || !Number.isInteger(northPorts) || northPorts < 1) throw new NetconfParseError('product-information lacks manufacturer or ingress-ports');
  const side = (id: number): PortRef => (id > northPorts ? { side: 'south', port: southOf(id, northPorts) } : { side: 'north', port: id });
  const pairs = (((data['cross-connects'] as Node | undefined)?.pair as Node[] | undefined) ?? []).map((p) => ({
    north: Number(text(p.ingress)),
    south: southOf(Number(text(p.egress)), northPorts),
    lossDb: p['insertion-loss'] === undefined ? 0 : Number(text(p['insertion-loss'])),
  }));
  const ports = new Map<string, PortRef & { health: PortHealth; powerDbm: number | null }>();
  for (const p of ((data['opm-power'] as Node | undefined)?.port as Node[] | undefined) ?? []) {
    const ref = side(Number(text(p['port-id'])));
    ports.set(`${ref.side}:${ref.port}`, { ...ref, health: 'ok', powerDbm: Number(text(p.power)) });
  }
  for (const p of ((data['port-status'] as Node | undefined)?.port as Node[] | undefined) ?? []) {
    const ref = side(Number(text(p['port-id'])));
    const health = text(p.status) as PortHealth;
    const key = `${ref.side}:${ref.port}`;
    ports.set(key, { ...ref, health, powerDbm: ports.get(key)?.powerDbm ?? null });
  }
  return {
    vendor: text(info.manufacturer),
    model: text(info['model-name']),
    firmware: text(info['software-version']),
    northPorts,
    southPorts,
    powered: text(info['power-state']) !== 'off',
    pairs,
    ports: [...ports.values()],
  };
}

const APP_TAGS: Record<string, RejectCode> = {
  'port-out-of-range': 'PORT_OUT_OF_RANGE',
  'invalid-pair': 'INVALID_PAIR',
  'port-busy': 'PORT_BUSY',
  'port-failed': 'PORT_FAILED',
  'mirror-stuck': 'MIRROR_STUCK',
  'not-connected': 'NOT_CONNECTED',
  'powered-off': 'POWERED_OFF',
};
const TAG_OF = Object.fromEntries(Object.entries(APP_TAGS).map(([k, v]) => [v, k])) as Partial<Record<RejectCode, string>>;

export const pairPath = (north: number) => `/cross-connects/pair[ingress='${north}']`;

/** Results of an edit-config: a pair with no rpc-error naming it succeeded (RFC 6241 continue-on-error). */
export function readEditResults(reply: Extract<NetconfMessage, { kind: 'reply' }>, pairs: CrossConnectPair[]): PairResult[] {
  const general = reply.errors.find((e) => !e.path || !/pair\[ingress='\d+'\]/.test(e.path));
  return pairs.map(({ north, south }) => {
    const e = reply.errors.find((x) => x.path === pairPath(north)) ?? general;
    if (!e) return { north, south, ok: true };
    const code = (e.appTag && APP_TAGS[e.appTag]) || (e.tag === 'data-exists' ? 'PORT_BUSY' : e.tag === 'data-missing' ? 'NOT_CONNECTED' : 'DEVICE_ERROR');
    const reason = e.message ?? `the switch refused N${north}-S${south} (${e.tag}${e.appTag ? `/${e.appTag}` : ''})`;
    return { north, south, ok: false, code, reason: code === 'DEVICE_ERROR' ? `device error ${e.tag}${e.appTag ? `/${e.appTag}` : ''}: ${reason}` : reason };
  });
}

// ---- switch side: replies and notifications ------------------------------------------------------------

export const netconfReply = {
  ok: (id: string) => `<rpc-reply message-id="${esc(id)}" xmlns="${NS_BASE}"><ok/></rpc-reply>`,
  data: (id: string, inner: string) => `<rpc-reply message-id="${esc(id)}" xmlns="${NS_BASE}"><data>${inner}</data></rpc-reply>`,
  errors: (id: string, errors: RpcError[]) =>
    `<rpc-reply message-id="${esc(id)}" xmlns="${NS_BASE}">${errors
      .map((e) => `<rpc-error><error-type>application</error-type><error-tag>${esc(e.tag)}</error-tag><error-severity>error</error-severity>${e.appTag ? `<error-app-tag>${esc(e.appTag)}</error-app-tag>` : ''}${e.path ? `<error-path>${esc(e.path)}</error-path>` : ''}${e.message ? `<error-message xml:lang="en">${esc(e.message)}</error-message>` : ''}</rpc-error>`)
      .join('')}</rpc-reply>`,
  pairError: (r: PairResult): RpcError => ({
    tag: r.code === 'PORT_BUSY' ? 'data-exists' : r.code === 'NOT_CONNECTED' ? 'data-missing' : 'operation-failed',
    appTag: (r.code && TAG_OF[r.code]) ?? 'device-error',
    path: pairPath(r.north),
    message: r.reason,
  }),
  stateData: (s: OpticalState) =>
    `<product-information xmlns="${NS_OPTICAL}"><manufacturer>${esc(s.vendor)}</manufacturer><model-name>${esc(s.model)}</model-name><software-version>${esc(s.firmware)}</software-version><ingress-ports>${s.northPorts}</ingress-ports><egress-ports>${s.southPorts}</egress-ports><power-state>${s.powered ? 'on' : 'off'}</power-state></product-information>` +
    `<cross-connects xmlns="${NS_OPTICAL}">${s.pairs.map((p) => `<pair><ingress>${p.north}</ingress><egress>${egressOf(p.south, s.northPorts)}</egress><insertion-loss>${p.lossDb.toFixed(2)}</insertion-loss></pair>`).join('')}</cross-connects>` +
    `<opm-power xmlns="${NS_OPTICAL}">${s.ports.filter((p) => p.powerDbm !== null).map((p) => `<port><port-id>${portId(p, s.northPorts)}</port-id><power>${p.powerDbm!.toFixed(2)}</power></port>`).join('')}</opm-power>` +
    `<port-status xmlns="${NS_OPTICAL}">${s.ports.filter((p) => p.health !== 'ok').map((p) => `<port><port-id>${portId(p, s.northPorts)}</port-id><status>${p.health}</status></port>`).join('')}</port-status>`,
  portAlarm: (eventTime: string, port: PortRef, northPorts: number, health: PortHealth, severity: string, message: string) =>
    `<notification xmlns="${NS_NOTIFY}"><eventTime>${eventTime}</eventTime><port-alarm xmlns="${NS_OPTICAL}"><port-id>${portId(port, northPorts)}</port-id><alarm-type>NOTIF_PORT_POWER</alarm-type><status>${health}</status><severity>${severity}</severity><alarm-message>${esc(message)}</alarm-message></port-alarm></notification>`,
  powerAlarm: (eventTime: string, powered: boolean, message: string) =>
    `<notification xmlns="${NS_NOTIFY}"><eventTime>${eventTime}</eventTime><power-alarm xmlns="${NS_OPTICAL}"><power-state>${powered ? 'on' : 'off'}</power-state><alarm-message>${esc(message)}</alarm-message></power-alarm></notification>`,
};

const portId = (p: PortRef, northPorts: number) => (p.side === 'north' ? p.port : egressOf(p.port, northPorts));

export type OpticalNotice =
  | { kind: 'port'; port: PortRef; health: PortHealth; severity?: 'minor' | 'major' | 'critical'; reason: string }
  | { kind: 'power'; powered: boolean; reason: string };

/** A notification's body -> what it means; undefined for notifications lightpath does not use. */
export function readNotification(body: Record<string, unknown>, northPorts: number): OpticalNotice | undefined {
  const port = body['port-alarm'] as Node | undefined;
  if (port) {
    const id = Number(text(port['port-id']));
    const ref: PortRef = id > northPorts ? { side: 'south', port: southOf(id, northPorts) } : { side: 'north', port: id };
    const severity = text(port.severity);
    return { kind: 'port', port: ref, health: text(port.status) as PortHealth, ...(['minor', 'major', 'critical'].includes(severity) ? { severity: severity as 'minor' } : {}), reason: text(port['alarm-message']) };
  }
  const power = body['power-alarm'] as Node | undefined;
  if (power) return { kind: 'power', powered: text(power['power-state']) === 'on', reason: text(power['alarm-message']) };
  return undefined;
}
