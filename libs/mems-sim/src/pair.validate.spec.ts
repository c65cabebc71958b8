import { describe, expect, it } from 'vitest';
import { checkPortRef, pairFromPortRefs } from './pair.validate';

const dims = { northPorts: 136, southPorts: 136 };

describe('raw port references', () => {
  it('rejects north-north and south-south pairs with INVALID_PAIR', () => {
    const nn = pairFromPortRefs({ side: 'north', port: 1 }, { side: 'north', port: 2 }, dims);
    const ss = pairFromPortRefs({ side: 'south', port: 1 }, { side: 'south', port: 2 }, dims);
    expect(nn).toMatchObject({ ok: false, code: 'INVALID_PAIR' });
    expect(ss).toMatchObject({ ok: false, code: 'INVALID_PAIR' });
    expect(!nn.ok && nn.reason).toContain('same side');
  });

  it('builds a {north, south} pair from refs given in either order', () => {
    expect(pairFromPortRefs({ side: 'south', port: 9 }, { side: 'north', port: 4 }, dims)).toEqual({
      ok: true,
      value: { north: 4, south: 9 },
    });
  });

  it('rejects an unknown side with INVALID_PAIR and a port past the end with PORT_OUT_OF_RANGE', () => {
    expect(checkPortRef({ side: 'east', port: 1 }, dims)).toMatchObject({ ok: false, code: 'INVALID_PAIR' });
    const far = checkPortRef({ side: 'south', port: 200 }, dims);
    expect(far).toMatchObject({ ok: false, code: 'PORT_OUT_OF_RANGE' });
    expect(!far.ok && far.reason).toContain('1..136');
  });
});
