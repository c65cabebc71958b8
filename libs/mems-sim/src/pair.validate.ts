/**
 * Stateless checks of ports and pairs against a switch's size: the shape of a pair, port ranges,
 * and raw {side, port} references as an API body or a CLI would give them. State-dependent checks
 * (busy, failed, stuck) live in batch.plan.ts.
 */
import type { CrossConnectPair, PortRef, PortSide, RejectCode } from './switch-driver';

export interface PortDimensions {
  northPorts: number;
  southPorts: number;
}

export interface Rejection {
  code: RejectCode;
  reason: string;
}

export type Checked<T> = { ok: true; value: T } | ({ ok: false } & Rejection);

export const pairLabel = (pair: CrossConnectPair) => `N${pair.north}-S${pair.south}`;
export const portLabel = (side: PortSide, port: number) => `${side} port ${port}`;

function show(raw: unknown): string {
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return String(raw);
  }
}

const isPortNumber = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

export function portRangeRejection(side: PortSide, port: number, dims: PortDimensions): Rejection | null {
  const max = side === 'north' ? dims.northPorts : dims.southPorts;
  if (port >= 1 && port <= max) return null;
  return {
    code: 'PORT_OUT_OF_RANGE',
    reason: `${portLabel(side, port)} is out of range; valid ${side} ports on this switch are 1..${max}`,
  };
}

/** A pair as sent by a caller: {north, south}, both integers, each within its side's range. */
export function checkPair(raw: unknown, dims: PortDimensions): Checked<CrossConnectPair> {
  const candidate = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const { north, south } = candidate;
  if (!isPortNumber(north) || !isPortNumber(south)) {
    return {
      ok: false,
      code: 'INVALID_PAIR',
      reason:
        `pair ${show(raw)} is not {north, south} with integer port numbers; ` +
        'a cross-connect joins one north port to one south port, e.g. {"north": 3, "south": 7}',
    };
  }
  const outOfRange = portRangeRejection('north', north, dims) ?? portRangeRejection('south', south, dims);
  if (outOfRange) return { ok: false, ...outOfRange };
  return { ok: true, value: { north, south } };
}

/** A raw port reference {side, port}; side must be 'north' or 'south', port an in-range integer. */
export function checkPortRef(raw: unknown, dims: PortDimensions): Checked<PortRef> {
  const candidate = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const { side, port } = candidate;
  if ((side !== 'north' && side !== 'south') || !isPortNumber(port)) {
    return {
      ok: false,
      code: 'INVALID_PAIR',
      reason: `port ${show(raw)} is not {side: "north" | "south", port: integer}`,
    };
  }
  const outOfRange = portRangeRejection(side, port, dims);
  return outOfRange ? { ok: false, ...outOfRange } : { ok: true, value: { side, port } };
}

/**
 * Two raw port references to a pair, in either order. North-north and south-south are refused with
 * INVALID_PAIR: a cross-connect always joins the two sides (ocs-facts, cross-connect rules).
 */
export function pairFromPortRefs(a: unknown, b: unknown, dims: PortDimensions): Checked<CrossConnectPair> {
  const first = checkPortRef(a, dims);
  if (!first.ok) return first;
  const second = checkPortRef(b, dims);
  if (!second.ok) return second;
  const [x, y] = [first.value, second.value];
  if (x.side === y.side) {
    return {
      ok: false,
      code: 'INVALID_PAIR',
      reason:
        `${portLabel(x.side, x.port)} and ${portLabel(y.side, y.port)} are on the same side; ` +
        'a cross-connect joins one north port to one south port',
    };
  }
  const north = x.side === 'north' ? x : y;
  const south = x.side === 'north' ? y : x;
  return { ok: true, value: { north: north.port, south: south.port } };
}
