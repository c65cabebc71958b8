import { describe, expect, it } from 'vitest';
import { cubeHoldField, parseHoldField, parsePortField, portField, portHoldField } from './port-fields';

describe('port fields: one encoding of a port in Redis fields', () => {
  it('writes n:<port> and s:<port> and reads them back', () => {
    expect(portField('north', 5)).toBe('n:5');
    expect(portField('south', 12)).toBe('s:12');
    expect(parsePortField('n:5')).toEqual({ side: 'north', port: 5 });
    expect(parsePortField('s:12')).toEqual({ side: 'south', port: 12 });
  });

  it('still reads the north:<port> form operator marks were stored in before', () => {
    expect(parsePortField('north:3')).toEqual({ side: 'north', port: 3 });
    expect(parsePortField('south:4')).toEqual({ side: 'south', port: 4 });
  });

  it('refuses a field that names no port, saying what it expected', () => {
    expect(() => parsePortField('east:1')).toThrow(/state\/parsePortField: "east:1" is not a port field/);
    expect(() => parsePortField('n:0')).toThrow(/not a port field/);
  });

  it('round-trips reservation hold fields of cubes and ports', () => {
    expect(portHoldField('ocs-7', 'south', 9)).toBe('port:ocs-7:s:9');
    expect(parseHoldField('port:ocs-7:s:9')).toEqual({ kind: 'port', switchId: 'ocs-7', side: 'south', port: 9 });
    expect(parseHoldField(cubeHoldField('cube-3'))).toEqual({ kind: 'cube', cubeId: 'cube-3' });
    expect(parseHoldField('other')).toBeUndefined();
  });
});
