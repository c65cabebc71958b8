import { describe, expect, it } from 'vitest';
import { SwitchCommandSchema } from './commands.schema';
import { decodeMessage } from './decode';
import { SwitchEventSchema } from './events.schema';

const apply = {
  type: 'apply',
  commandId: 'op-1',
  switchId: 'ocs-1',
  epoch: 3,
  issuedAt: 1,
  deadline: 2,
  parts: [{ operationId: 'op-1', step: 's0.e3', deadline: 2, connect: [{ north: 1, south: 2 }], disconnect: [] }],
};

describe('decodeMessage', () => {
  it('accepts a well-formed apply command', () => {
    const result = decodeMessage(SwitchCommandSchema, Buffer.from(JSON.stringify(apply)));
    expect(result).toEqual({ ok: true, value: apply });
  });

  it('refuses bytes that are not JSON without throwing', () => {
    const result = decodeMessage(SwitchCommandSchema, Buffer.from('{not json'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^not JSON/);
  });

  it('refuses an empty value', () => {
    expect(decodeMessage(SwitchCommandSchema, null)).toEqual({ ok: false, error: 'empty message value' });
  });

  it('names the offending field of a command that breaks the schema', () => {
    const bad = { ...apply, parts: [{ ...apply.parts[0], connect: [{ north: 0, south: 2 }] }] };
    const result = decodeMessage(SwitchCommandSchema, Buffer.from(JSON.stringify(bad)));
    expect(!result.ok && result.error).toMatch(/^parts\.0\.connect\.0\.north:/);
  });

  it('refuses a merged command over the pair cap of one command', () => {
    const pairs = Array.from({ length: 2049 }, (_, i) => ({ north: i + 1, south: i + 1 }));
    const bad = { ...apply, parts: [{ ...apply.parts[0], connect: pairs }, { ...apply.parts[0], operationId: 'op-2', connect: pairs }] };
    const result = decodeMessage(SwitchCommandSchema, Buffer.from(JSON.stringify(bad)));
    expect(!result.ok && result.error).toMatch(/at most 4096 pairs in one command/);
  });

  it('refuses an unknown event type', () => {
    const result = decodeMessage(SwitchEventSchema, Buffer.from(JSON.stringify({ type: 'gossip', switchId: 'a' })));
    expect(result.ok).toBe(false);
  });

  it('refuses a switch id that cannot be a Kafka topic suffix', () => {
    const bad = { ...apply, switchId: 'ocs/1' };
    const result = decodeMessage(SwitchCommandSchema, Buffer.from(JSON.stringify(bad)));
    expect(!result.ok && result.error).toMatch(/^switchId:/);
  });
});
