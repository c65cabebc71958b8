import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAutonomous, formatResponse, parseCommand, parseMessage, type Tl1Message } from './tl1.codec';
import { alarmBlock, pairResultBlock, parsePairAids, portBlock, readAlarm, readCrossConnect, readNeType, readPairResult, readPort, tl1Commands } from './tl1.dialect';
import { Tl1Framer } from './tl1.framing';

/** The messages of a fixture file (fixtures/README.md): header dropped, <cr>/<lf> made bytes. */
function fixture(name: string): string[] {
  const lines = readFileSync(join(__dirname, 'fixtures', name), 'utf8').split('\n').filter((l) => !l.startsWith('#'));
  return lines
    .join('\n')
    .split('\n---\n')
    .map((m) => m.split('\n').join('').replace(/<cr>/g, '\r').replace(/<lf>/g, '\n'))
    .filter((m) => m.trim() !== '');
}

const response = (raw: string) => parseMessage(raw) as Extract<Tl1Message, { type: 'response' }>;
const at = (time: string) => new Date(`2026-11-30T${time}Z`);

describe('TL1 golden payloads: the driver sends exactly the pinned bytes', () => {
  it('connect: ACT-USER with the user as AID and the password as parameter, then RTRV-NETYPE', () => {
    const [login, , netype] = fixture('connect.tl1');
    expect(tl1Commands.login('lightpath', 'lightpath-sim', '1')).toBe(login);
    expect(tl1Commands.retrieveNeType('2')).toBe(netype);
  });

  it('state read: RTRV-CRS and RTRV-PORT with AID ALL', () => {
    const [crs, , port] = fixture('read-state.tl1');
    expect(tl1Commands.retrieveCrossConnects('3')).toBe(crs);
    expect(tl1Commands.retrievePorts('4')).toBe(port);
  });

  it('batch: one bulk ENT-CRS / DLT-CRS whose & lists pair one-to-one', () => {
    const [enter, , remove] = fixture('batch.tl1');
    expect(tl1Commands.enterCrossConnects([{ north: 1, south: 5 }, { north: 2, south: 6 }, { north: 3, south: 7 }], '5')).toBe(enter);
    expect(tl1Commands.deleteCrossConnects([{ north: 1, south: 5 }, { north: 3, south: 7 }], '6')).toBe(remove);
    expect(parsePairAids(parseCommand(enter).aid)).toEqual([{ north: 1, south: 5 }, { north: 2, south: 6 }, { north: 3, south: 7 }]);
  });

  it('disconnect: CANC-USER', () => {
    expect(tl1Commands.logout('lightpath', '10')).toBe(fixture('errors.tl1')[2]);
  });
});

describe('TL1 golden payloads: replies parse to what they mean', () => {
  it('discovery: vendor, model, firmware, port counts, bulk support and power', () => {
    const r = response(fixture('connect.tl1')[3]);
    expect(r).toMatchObject({ sid: 'OCS-T1', ctag: '2', code: 'COMPLD' });
    expect(readNeType(r.blocks[0])).toEqual({ vendor: 'LIGHTPATH', model: 'SWITCH-SIM-S320', firmware: '1.0', northPorts: 136, southPorts: 136, bulk: true, powered: true });
  });

  it('state: cross-connects with their loss, ports with state, degradation and power', () => {
    const [, crs, , ports] = fixture('read-state.tl1');
    expect(response(crs).blocks.map(readCrossConnect)).toEqual([
      { north: 1, south: 5, lossDb: 1.2 },
      { north: 7, south: 9, lossDb: 1.85 },
    ]);
    expect(response(ports).blocks.map(readPort)).toEqual([
      { side: 'north', port: 1, health: 'ok', powerDbm: -2.2 },
      { side: 'north', port: 7, health: 'degraded', powerDbm: -12.85 },
      { side: 'north', port: 40, health: 'failed', powerDbm: null },
      { side: 'south', port: 5, health: 'ok', powerDbm: -2.21 },
      { side: 'south', port: 9, health: 'ok', powerDbm: -2.86 },
    ]);
  });

  it('a partial bulk result maps each device error to a RejectCode per pair, keeping the reason', () => {
    const r = response(fixture('batch.tl1')[1]);
    expect(r.code).toBe('PRTL');
    expect(r.blocks.map(readPairResult)).toEqual([
      { north: 1, south: 5, ok: true, lossDb: 1.2, switchingMs: 11.5 },
      { north: 2, south: 6, ok: false, code: 'PORT_BUSY', reason: 'south port 6 is in use by N9-S6; disconnect it first' },
      { north: 3, south: 7, ok: true, lossDb: 0.95, switchingMs: 12.25 },
    ]);
  });

  it('an error code lightpath does not know becomes DEVICE_ERROR naming the code', () => {
    expect(readPairResult({ text: 'N4,S4:ERCDE=ZZZZ', comment: 'vendor says no' })).toMatchObject({ ok: false, code: 'DEVICE_ERROR', reason: 'device error ZZZZ: vendor says no' });
  });

  it('autonomous alarms: port failed (critical), degraded (minor), cleared, power lost', () => {
    const messages = fixture('alarms.tl1').map(parseMessage);
    expect(messages.map((m) => (m.type === 'autonomous' ? [m.alarm, m.atag, m.verb] : m.type))).toEqual([
      ['*C', '1', 'REPT ALM OCSPORT'],
      ['*', '2', 'REPT ALM OCSPORT'],
      ['A', '3', 'REPT ALM OCSPORT'],
      ['*C', '4', 'REPT ALM EQPT'],
    ]);
    const alarms = messages.map((m) => (m.type === 'autonomous' ? readAlarm(m.blocks[0]) : undefined));
    expect(alarms).toEqual([
      { kind: 'port', port: { side: 'north', port: 40 }, health: 'failed', severity: 'critical', reason: 'north port 40 failed (injected fault)' },
      { kind: 'port', port: { side: 'north', port: 7 }, health: 'degraded', severity: 'minor', reason: 'N7-S9 loss 6.10 dB is over 6 dB' },
      { kind: 'port', port: { side: 'north', port: 40 }, health: 'ok', reason: 'north port 40 is ok' },
      { kind: 'power', powered: false, reason: 'power lost: every cross-connect is down' },
    ]);
  });

  it('refusals: a DENY carries its error code and the reason comment', () => {
    const [login, aid] = fixture('errors.tl1').slice(0, 2).map(response);
    expect(login).toMatchObject({ ctag: '1', code: 'DENY', blocks: [{ text: 'ERCDE=PIUI', comment: 'invalid user identifier or password' }] });
    expect(aid.blocks[0].text).toBe('ERCDE=IIAC');
  });
});

describe('TL1 golden payloads: the simulator formats exactly the pinned bytes', () => {
  it('responses: discovery, state and a partial batch', () => {
    const [, , , netype] = fixture('connect.tl1');
    expect(formatResponse({ sid: 'OCS-T1', ctag: '2', code: 'COMPLD', at: at('10:42:22'), blocks: [{ text: 'LIGHTPATH,SWITCH-SIM-S320,OCS,1.0:NPORTS=136,SPORTS=136,BULK=Y,POWER=ON' }] })).toBe(netype);
    const [, , , ports] = fixture('read-state.tl1');
    const portBlocks = [
      portBlock({ side: 'north', port: 1 }, 'ok', -2.2),
      portBlock({ side: 'north', port: 7 }, 'degraded', -12.85),
      portBlock({ side: 'north', port: 40 }, 'failed', null),
      portBlock({ side: 'south', port: 5 }, 'ok', -2.21),
      portBlock({ side: 'south', port: 9 }, 'ok', -2.86),
    ];
    expect(formatResponse({ sid: 'OCS-T1', ctag: '4', code: 'COMPLD', at: at('10:42:23'), blocks: portBlocks })).toBe(ports);
    const [, batch] = fixture('batch.tl1');
    const blocks = [
      pairResultBlock({ north: 1, south: 5, ok: true, lossDb: 1.2, switchingMs: 11.5 }),
      pairResultBlock({ north: 2, south: 6, ok: false, code: 'PORT_BUSY', reason: 'south port 6 is in use by N9-S6; disconnect it first' }),
      pairResultBlock({ north: 3, south: 7, ok: true, lossDb: 0.95, switchingMs: 12.25 }),
    ];
    expect(formatResponse({ sid: 'OCS-T1', ctag: '5', code: 'PRTL', at: at('10:42:24'), blocks })).toBe(batch);
  });

  it('autonomous alarms', () => {
    const [failed, degraded, , power] = fixture('alarms.tl1');
    expect(formatAutonomous({ sid: 'OCS-T1', alarm: '*C', atag: '1', verb: 'REPT ALM OCSPORT', at: at('10:43:00'), blocks: [alarmBlock('N40', 'CR', 'PORT-FAIL', 'north port 40 failed (injected fault)')] })).toBe(failed);
    expect(formatAutonomous({ sid: 'OCS-T1', alarm: '*', atag: '2', verb: 'REPT ALM OCSPORT', at: at('10:43:01'), blocks: [alarmBlock('N7', 'MN', 'PORT-DEGR', 'N7-S9 loss 6.10 dB is over 6 dB')] })).toBe(degraded);
    expect(formatAutonomous({ sid: 'OCS-T1', alarm: '*C', atag: '4', verb: 'REPT ALM EQPT', at: at('10:43:03'), blocks: [alarmBlock('SYSTEM', 'CR', 'PWR', 'power lost: every cross-connect is down')] })).toBe(power);
  });
});

describe('TL1 framing', () => {
  it('finds every message of a stream fed one byte at a time, ignoring ; and < inside quotes and comments', () => {
    const stream = [...fixture('batch.tl1'), ...fixture('alarms.tl1')].filter((m) => m.startsWith('\r')).join('') + 'IP 12\r\n<';
    const framer = new Tl1Framer(';<');
    const out: string[] = [];
    for (const ch of stream + '\r\n\n   OCS-T1 26-11-30 10:42:24\r\nM  7 COMPLD\r\n   "N1,S1:X=\\";<"\r\n   /* a ; b < */\r\n;') out.push(...framer.push(ch));
    expect(out).toHaveLength(8);
    expect(parseMessage(out[6])).toEqual({ type: 'ack', code: 'IP', ctag: '12' });
    expect(response(out[7]).blocks).toEqual([{ text: 'N1,S1:X=";<', comment: 'a ; b <' }]);
    expect(framer.pending()).toBe(0);
  });

  it('a malformed message is refused with a summary naming what is wrong', () => {
    expect(() => parseMessage('garbage without header;')).toThrow(/tl1: no "SID DATE TIME" header/);
    expect(() => parseMessage('\r\n\n   OCS 26-11-30 10:00:00\r\nM  1 MAYBE\r\n;')).toThrow(/unknown completion code MAYBE/);
    expect(() => parseCommand('ENT-CRS:;')).toThrow(/needs VERB:TID:AID:CTAG/);
    expect(() => parsePairAids('N1&N2,S5')).toThrow(/pair one-to-one/);
  });
});
