/**
 * Reading the gNMI golden fixtures (fixtures/README.md): '#' lines are the header, messages are
 * separated by a line '---', each a JSON object { "rpc", "kind", "message", "wire"? } where a
 * JSON_IETF value is written as its JSON text and "wire" is the message's protobuf bytes in base64.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GoldenMessage {
  rpc: 'Capabilities' | 'Get' | 'Set' | 'Subscribe';
  kind: 'request' | 'response' | 'status';
  message: Record<string, unknown>;
  wire?: string;
}

/** Buffers of JSON values become their text, so a fixture reads as what travels. */
export function readable(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(readable);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v)]));
  return value;
}

/** The reverse: a fixture's JSON_IETF/JSON texts back into bytes, as the gRPC layer delivers them. */
export function fromReadable<T>(value: T): T {
  if (Array.isArray(value)) return value.map(fromReadable) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, (k === 'json_ietf_val' || k === 'json_val') && typeof v === 'string' ? Buffer.from(v, 'utf8') : fromReadable(v)])) as T;
  return value;
}

export function golden(name: string): GoldenMessage[] {
  const body = readFileSync(join(__dirname, 'fixtures', name), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
  return body
    .split('\n---\n')
    .filter((m) => m.trim() !== '')
    .map((m) => JSON.parse(m) as GoldenMessage);
}
