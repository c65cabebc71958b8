/**
 * How a port is written in Redis hash fields, in one place (house rule 5): `n:<port>` or
 * `s:<port>`, the form the claim and plan scripts use for pending ports. Every store and every
 * reader (the reconciler, the chaos checker) encodes and decodes through here, so a field written
 * by one is understood by the other.
 *
 * Reservation holds prefix it: `port:<switchId>:n:<port>` (switch ids have no ':'; contracts,
 * SWITCH_ID_PATTERN), beside `cube:<cubeId>`.
 */
export type PortSide = 'north' | 'south';

export interface PortFieldRef {
  side: PortSide;
  port: number;
}

/** `n:5` for north port 5, `s:5` for south port 5. */
export function portField(side: PortSide, port: number): string {
  return `${side === 'north' ? 'n' : 's'}:${port}`;
}

/**
 * The port a field names. Also reads `north:5` / `south:5`, the form operator marks were stored
 * in before this module, so marks made by an older orchestrator still count.
 */
export function parsePortField(field: string): PortFieldRef {
  const [side, port] = field.split(':');
  const parsed = { n: 'north', north: 'north', s: 'south', south: 'south' }[side ?? ''] as PortSide | undefined;
  const number = Number(port);
  if (!parsed || !Number.isInteger(number) || number < 1) throw new Error(`state/parsePortField: "${field}" is not a port field (expected n:<port> or s:<port>)`);
  return { side: parsed, port: number };
}

/** A reservation's hold on one port of one switch. */
export function portHoldField(switchId: string, side: PortSide, port: number): string {
  return `port:${switchId}:${portField(side, port)}`;
}

/** A reservation's hold on one cube. */
export function cubeHoldField(cubeId: string): string {
  return `cube:${cubeId}`;
}

export type HoldRef = { kind: 'cube'; cubeId: string } | ({ kind: 'port'; switchId: string } & PortFieldRef);

/** What a hold field names; undefined for a field of neither kind. */
export function parseHoldField(field: string): HoldRef | undefined {
  if (field.startsWith('cube:')) return { kind: 'cube', cubeId: field.slice('cube:'.length) };
  if (!field.startsWith('port:')) return undefined;
  const rest = field.slice('port:'.length);
  const at = rest.indexOf(':');
  return { kind: 'port', switchId: rest.slice(0, at), ...parsePortField(rest.slice(at + 1)) };
}
