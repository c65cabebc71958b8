/**
 * The target's side of lightpath's gNMI dialect (what apps/switch-sim answers; golden fixtures pin
 * it): Capabilities, the Get reply, alarms as Subscribe notifications, a refused Set's status, and
 * the reading of a SetRequest. Shapes and sources as in gnmi.messages.ts and gnmi.paths.ts.
 */
import type { CrossConnectPair, PairResult, PortHealth, PortRef } from '@lightpath/mems-sim';
import { GNMI_VERSION, GnmiParseError, jsonVal, valueOf, type GnmiState, type Notification, type Update } from './gnmi.messages';
import { crossConnectOf, joinPath, paths, pathString, portName, type Path } from './gnmi.paths';

/** gRPC status codes (grpc/grpc doc/statuscodes.md) for each refusal; the RejectCode word travels in the text. */
const STATUS_OF: Partial<Record<string, number>> = { INVALID_PAIR: 3, NOT_CONNECTED: 5, PORT_BUSY: 6, PORT_OUT_OF_RANGE: 11, PORT_FAILED: 9, MIRROR_STUCK: 9, POWERED_OFF: 9 };

const OPER: Record<PortHealth, string> = { ok: 'UP', degraded: 'DEGRADED', failed: 'FAILED' };

export const gnmiTarget = {
  capabilities: () => ({
    supported_models: [
      { name: 'openconfig-platform', organization: 'OpenConfig working group', version: '0.24.0' },
      { name: 'openconfig-alarms', organization: 'OpenConfig working group', version: '0.3.2' },
      { name: 'ocs-cross-connect', organization: 'lightpath (assumed, after SONiC-OCS)', version: '0.1.0' },
    ],
    supported_encodings: ['JSON', 'JSON_IETF'],
    gNMI_version: GNMI_VERSION,
  }),

  /** One Notification per path asked (specification 3.3.2); undefined for a path this target does not hold. */
  notificationFor: (asked: Path, s: GnmiState, timestamp: string): Notification | undefined => {
    const up = (path: Path, value: unknown): Update => ({ path, val: jsonVal(value) });
    let update: Update[];
    switch (pathString(asked)) {
      case '/components/component[name=chassis]/state':
        update = [up(paths.chassis(), { 'mfg-name': s.vendor, 'part-no': s.model, 'software-version': s.firmware, 'oper-status': s.powered ? 'openconfig-platform-types:ACTIVE' : 'openconfig-platform-types:INACTIVE' })];
        break;
      case '/ocs/state':
        update = [up(paths.ocsState(), { 'in-port-count': s.northPorts, 'out-port-count': s.southPorts })];
        break;
      case '/ocs/cross-connects':
        update = s.crossConnects.map((c) => up(paths.crossConnectState(c.north, c.south), { 'in-port': c.north, 'out-port': c.south, 'insertion-loss': Number(c.lossDb.toFixed(2)) }));
        break;
      case '/ocs/ports':
        update = s.ports.map((p) => up(paths.portState(p), { name: portName(p), 'oper-status': OPER[p.health], ...(p.powerDbm === null ? {} : { 'input-power': Number(p.powerDbm.toFixed(2)) }) }));
        break;
      default:
        return undefined;
    }
    return { timestamp, update };
  },

  /** A raised alarm (openconfig-alarms): its id is the resource's name (assumed, gnmi.messages.ts). */
  alarmRaised: (timestamp: string, resource: PortRef | 'chassis', typeId: string, severity: 'MINOR' | 'MAJOR' | 'CRITICAL', text: string): Notification => {
    const id = resource === 'chassis' ? 'chassis' : portName(resource);
    return { timestamp, update: [{ path: paths.alarmState(id), val: jsonVal({ id, resource: id, severity: `openconfig-alarm-types:${severity}`, text, 'type-id': typeId, 'time-created': timestamp }) }] };
  },

  alarmCleared: (timestamp: string, resource: PortRef | 'chassis'): Notification => ({ timestamp, delete: [paths.alarm(resource === 'chassis' ? 'chassis' : portName(resource))] }),

  /** A refused Set (rolled back whole, 3.4.3): the first refusal's status code, every refused pair's path on a line. */
  setRefusal: (failures: PairResult[]): { code: number; details: string } => ({
    code: STATUS_OF[failures[0]?.code ?? ''] ?? 9,
    details: failures.map((f) => `${pathString(paths.crossConnect(f.north, f.south))}: ${f.code ?? 'DEVICE_ERROR'}: ${f.reason ?? 'refused'}`).join('\n'),
  }),
};

/** A SetRequest's cross-connect deletes and updates; anything else is refused with the path it names. */
export function readSetRequest(req: { prefix?: Path; delete?: Path[]; update?: Update[]; replace?: Update[] }): { deletes: CrossConnectPair[]; updates: CrossConnectPair[] } {
  if (req.replace?.length) throw new GnmiParseError('replace is not supported for cross-connects: use update to connect and delete to disconnect');
  const pairOf = (path: Path) => {
    const pair = crossConnectOf(joinPath(req.prefix, path));
    if (!pair) throw new GnmiParseError(`${pathString(joinPath(req.prefix, path))} is not a cross-connect path (/ocs/cross-connects/cross-connect[in-port=n][out-port=m])`);
    return pair;
  };
  const updates = (req.update ?? []).map((u) => {
    const pair = pairOf(u.path ?? {});
    const value = valueOf(u.val) as Record<string, unknown> | undefined;
    if (value && (Number(value['in-port']) !== pair.north || Number(value['out-port']) !== pair.south)) throw new GnmiParseError(`the value at ${pathString(u.path)} names other ports than its keys`);
    return pair;
  });
  return { deletes: (req.delete ?? []).map(pairOf), updates };
}
