/**
 * Option checks shared by the fabric generators, so that a generator never returns a spec that
 * parseFabricSpec would refuse (a `--ports-per-ocs 5000` pod once came out with switches the parser
 * caps at MAX_PORTS_PER_SIDE): every size is range-checked here against the spec schema's own limits.
 */
import { TopologyInvalidArgumentError } from '../errors';
import { MAX_PORTS_PER_SIDE } from '../spec/fabric-spec.schema';

/** An integer option in [min, max], or an invalid-argument error naming the option and its range. */
export function sizeOption(where: string, field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new TopologyInvalidArgumentError(`generators/${where}`, `${field} must be an integer ${range}, got ${value}; pass a valid size`);
  }
  return value;
}

/** Ports per OCS side: at most what the spec schema accepts (MAX_PORTS_PER_SIDE). */
export function portsPerOcsOption(where: string, value: number): number {
  return sizeOption(where, 'portsPerOcs', value, 1, MAX_PORTS_PER_SIDE);
}

/** The spec's name: the given one if non-empty (the schema refuses an empty name), else the default. */
export function nameOption(where: string, name: string | undefined, fallback: string): string {
  if (name === undefined) return fallback;
  if (name.trim() === '') throw new TopologyInvalidArgumentError(`generators/${where}`, 'name must not be empty; pass a name or leave it out for the default');
  return name;
}
