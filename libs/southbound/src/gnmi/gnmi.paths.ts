/**
 * gNMI paths (specification 0.7.0 section 2.2.2: elements with keys) of the models lightpath reads
 * and writes, and their string form (the gNMI path conventions' /a/b[k=v] notation) for logs,
 * errors and fixtures.
 *
 * Models (docs/drivers.md):
 * - openconfig-platform: /components/component[name=chassis]/state {mfg-name, part-no,
 *   software-version, oper-status}: vendor, model, firmware and whether the switch is powered.
 * - openconfig-alarms: /system/alarms/alarm[id]/state {id, resource, severity, text, type-id,
 *   time-created}: raised alarms as updates, cleared ones as deletes of the alarm.
 * - ASSUMED: no published OpenConfig or IETF model for an OCS cross-connect was found
 *   (docs/ocs-facts.md); this one follows SONiC-OCS' OCS_CROSS_CONNECT and OCS_PORT tables in
 *   OpenConfig's config/state style: /ocs/state {in-port-count, out-port-count},
 *   /ocs/cross-connects/cross-connect[in-port][out-port]/{config,state} {in-port, out-port,
 *   insertion-loss}, /ocs/ports/port[name]/state {name, oper-status, input-power}, with ports named
 *   in-<n> (lightpath's north n) and out-<n> (south n).
 */
import type { PortRef } from '@lightpath/mems-sim';

export interface PathElem {
  name: string;
  key?: Record<string, string>;
}
export interface Path {
  origin?: string;
  elem?: PathElem[];
}

const el = (name: string, key?: Record<string, string>): PathElem => (key ? { name, key } : { name });

export const paths = {
  chassis: (): Path => ({ elem: [el('components'), el('component', { name: 'chassis' }), el('state')] }),
  ocsState: (): Path => ({ elem: [el('ocs'), el('state')] }),
  crossConnects: (): Path => ({ elem: [el('ocs'), el('cross-connects')] }),
  crossConnect: (north: number, south: number): Path => ({ elem: [el('ocs'), el('cross-connects'), el('cross-connect', { 'in-port': String(north), 'out-port': String(south) })] }),
  crossConnectConfig: (north: number, south: number): Path => ({ elem: [...paths.crossConnect(north, south).elem!, el('config')] }),
  crossConnectState: (north: number, south: number): Path => ({ elem: [...paths.crossConnect(north, south).elem!, el('state')] }),
  ports: (): Path => ({ elem: [el('ocs'), el('ports')] }),
  portState: (port: PortRef): Path => ({ elem: [el('ocs'), el('ports'), el('port', { name: portName(port) }), el('state')] }),
  alarms: (): Path => ({ elem: [el('system'), el('alarms')] }),
  alarm: (id: string): Path => ({ elem: [el('system'), el('alarms'), el('alarm', { id })] }),
  alarmState: (id: string): Path => ({ elem: [...paths.alarm(id).elem!, el('state')] }),
};

/** in-<n> is lightpath's north port n, out-<n> its south port n (assumed naming, see the header). */
export const portName = (p: PortRef) => `${p.side === 'north' ? 'in' : 'out'}-${p.port}`;

export function portOf(name: string): PortRef | undefined {
  const m = /^(in|out)-(\d+)$/.exec(name);
  return m ? { side: m[1] === 'in' ? 'north' : 'south', port: Number(m[2]) } : undefined;
}

/** /a/b[k=v]: keys in sorted order, so one path has one string. */
export function pathString(path: Path | undefined): string {
  const elems = path?.elem ?? [];
  return (
    '/' +
    elems
      .map((e) => e.name + Object.keys(e.key ?? {}).sort().map((k) => `[${k}=${e.key![k]}]`).join(''))
      .join('/')
  );
}

/** The prefix and the path joined (specification 2.4.1: a prefix applies to every path in the message). */
export function joinPath(prefix: Path | undefined, path: Path | undefined): Path {
  return { elem: [...(prefix?.elem ?? []), ...(path?.elem ?? [])] };
}

/** The (in-port, out-port) a cross-connect path names, if it names one. */
export function crossConnectOf(path: Path): { north: number; south: number } | undefined {
  const e = path.elem?.find((x) => x.name === 'cross-connect');
  const north = Number(e?.key?.['in-port']);
  const south = Number(e?.key?.['out-port']);
  return e && Number.isInteger(north) && Number.isInteger(south) ? { north, south } : undefined;
}
