import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frame, NetconfFramer, NetconfFramingError } from './netconf.framing';
import { CAP_BASE_10, CAP_BASE_11, CAP_NOTIFICATION, CAP_OPTICAL, netconfReply, netconfRpc, parseNetconf, readEditResults, readNotification, readState, type NetconfMessage } from './netconf.messages';

/** The messages of a fixture file (fixtures/README.md): header dropped, line breaks not part of them. */
function fixture(name: string): string[] {
  const lines = readFileSync(join(__dirname, 'fixtures', name), 'utf8').split('\n').filter((l) => !l.startsWith('#'));
  return lines
    .join('\n')
    .split('\n---\n')
    .map((m) => m.split('\n').join('').replace(/<lf>/g, '\n'))
    .filter((m) => m.trim() !== '');
}

const reply = (xml: string) => parseNetconf(xml) as Extract<NetconfMessage, { kind: 'reply' }>;
const pairs = [{ north: 1, south: 5 }, { north: 2, south: 6 }, { north: 3, south: 7 }];

describe('NETCONF golden payloads: the driver sends exactly the pinned messages', () => {
  it('connect: hello offering base:1.0, base:1.1 and notifications', () => {
    expect(netconfRpc.hello([CAP_BASE_10, CAP_BASE_11, CAP_NOTIFICATION])).toBe(fixture('hello.xml')[0]);
  });

  it('state read: one <get> with a subtree filter of the Polatis containers', () => {
    expect(netconfRpc.getState(2)).toBe(fixture('get-state.xml')[0]);
  });

  it('batch: one edit-config, continue-on-error, a <pair> per cross-connect with egress = N + south', () => {
    const [connect, , disconnect] = fixture('edit-config.xml');
    expect(netconfRpc.editPairs(3, 'create', pairs, 136)).toBe(connect);
    expect(netconfRpc.editPairs(4, 'delete', [pairs[0]], 136)).toBe(disconnect);
  });

  it('subscribe and disconnect: create-subscription, close-session', () => {
    const [subscribe, , , , close] = fixture('subscribe.xml');
    expect(netconfRpc.subscribe(1)).toBe(subscribe);
    expect(netconfRpc.closeSession(5)).toBe(close);
  });
});

describe('NETCONF golden payloads: replies parse to what they mean', () => {
  it('the server hello: capabilities (entities decoded) and session id', () => {
    expect(parseNetconf(fixture('hello.xml')[1])).toEqual({ kind: 'hello', capabilities: [CAP_BASE_10, CAP_BASE_11, CAP_NOTIFICATION, CAP_OPTICAL.replace('&amp;', '&')], sessionId: 1 });
  });

  it('state: identity, port counts, pairs with loss, power readings and unhealthy ports', () => {
    const r = reply(fixture('get-state.xml')[1]);
    expect(readState(r.data!)).toEqual({
      vendor: 'LIGHTPATH',
      model: 'SWITCH-SIM-POLATIS',
      firmware: '1.0',
      northPorts: 136,
      southPorts: 136,
      powered: true,
      pairs: [{ north: 1, south: 5, lossDb: 1.2 }],
      ports: [
        { side: 'north', port: 1, health: 'ok', powerDbm: -2.2 },
        { side: 'south', port: 5, health: 'ok', powerDbm: -2.21 },
        { side: 'north', port: 40, health: 'failed', powerDbm: null },
      ],
    });
  });

  it('edit-config errors map to RejectCode per pair; a pair no error names succeeded', () => {
    const [, failed, , ok] = fixture('edit-config.xml');
    expect(readEditResults(reply(failed), pairs)).toEqual([
      { north: 1, south: 5, ok: true },
      { north: 2, south: 6, ok: false, code: 'PORT_BUSY', reason: 'south port 6 is in use by N9-S6; disconnect it first' },
      { north: 3, south: 7, ok: true },
    ]);
    expect(readEditResults(reply(ok), [pairs[0]])).toEqual([{ north: 1, south: 5, ok: true }]);
  });

  it('an error naming no pair fails them all; an unknown tag becomes DEVICE_ERROR naming it', () => {
    const r = reply(netconfReply.errors('9', [{ tag: 'resource-denied', message: 'switch busy' }]));
    expect(readEditResults(r, [pairs[0], pairs[1]]).map((x) => [x.ok, x.code, x.reason])).toEqual([
      [false, 'DEVICE_ERROR', 'device error resource-denied: switch busy'],
      [false, 'DEVICE_ERROR', 'device error resource-denied: switch busy'],
    ]);
  });

  it('notifications: a port alarm (MAJOR, as Polatis power alarms are) and power lost', () => {
    const [, ok, port, power] = fixture('subscribe.xml').map((x) => parseNetconf(x));
    expect(ok).toMatchObject({ kind: 'reply', messageId: '1', ok: true });
    expect(port.kind === 'notification' && readNotification(port.body, 136)).toEqual({ kind: 'port', port: { side: 'north', port: 40 }, health: 'failed', severity: 'major', reason: 'north port 40 failed (injected fault)' });
    expect(power.kind === 'notification' && readNotification(power.body, 136)).toEqual({ kind: 'power', powered: false, reason: 'power lost: every cross-connect is down' });
  });

  it('the simulator writes exactly the pinned replies', () => {
    const [, failed, , ok] = fixture('edit-config.xml');
    expect(netconfReply.errors('3', [netconfReply.pairError({ north: 2, south: 6, ok: false, code: 'PORT_BUSY', reason: 'south port 6 is in use by N9-S6; disconnect it first' })])).toBe(failed);
    expect(netconfReply.ok('4')).toBe(ok);
    const [, , port] = fixture('subscribe.xml');
    expect(netconfReply.portAlarm('2026-11-30T10:43:00.000Z', { side: 'north', port: 40 }, 136, 'failed', 'major', 'north port 40 failed (injected fault)')).toBe(port);
    const state = readState(reply(fixture('get-state.xml')[1]).data!);
    expect(netconfReply.data('2', netconfReply.stateData(state))).toBe(fixture('get-state.xml')[1]);
  });

  it('malformed XML and unknown roots are refused with a summary', () => {
    expect(() => parseNetconf('<rpc-reply><ok>')).toThrow(/netconf: not well-formed XML/);
    expect(() => parseNetconf('<weather/>')).toThrow(/root element is none of hello, rpc, rpc-reply, notification/);
  });
});

describe('NETCONF framing (RFC 6242)', () => {
  const [eom, chunked, split] = fixture('framing.txt');
  const message = eom.replace(']]>]]>', '');

  it('1.0 and 1.1 frames are the pinned bytes', () => {
    expect(frame(message, '1.0').toString('utf8')).toBe(eom);
    expect(frame(message, '1.1').toString('utf8')).toBe(chunked);
  });

  it('reads messages fed one byte at a time, in either framing, and a message split into chunks', () => {
    for (const [mode, bytes] of [['1.0', eom + eom], ['1.1', chunked + split]] as const) {
      const framer = new NetconfFramer(mode);
      const out: string[] = [];
      for (const b of Buffer.from(bytes, 'utf8')) out.push(...framer.push(Buffer.from([b])));
      expect(out).toEqual([message, message]);
    }
  });

  it('chunk sizes count octets, so UTF-8 text survives', () => {
    const text = '<rpc-error><error-message>débit coupé ⚡</error-message></rpc-error>';
    expect(new NetconfFramer('1.1').push(frame(text, '1.1'))).toEqual([text]);
  });

  it('a malformed chunk header is refused', () => {
    expect(() => new NetconfFramer('1.1').push(Buffer.from('\n#0\nx\n##\n'))).toThrow(NetconfFramingError);
    expect(() => new NetconfFramer('1.1').push(Buffer.from('<rpc/>'))).toThrow(/expected "\\n#" at a chunk start/);
  });
});
