import { describe, expect, it } from 'vitest';
import { fromReadable, golden, readable } from './gnmi.golden-support';
import { checkCapabilities, GnmiParseError, gnmiRequest, readAlarms, readGetState, readSetRefusal, type Notification } from './gnmi.messages';
import { pathString, paths, portOf } from './gnmi.paths';
import { decodeResponse, encodeRequest, gnmiService } from './gnmi.service';
import { gnmiTarget, readSetRequest } from './gnmi.target';

const pairs = [{ north: 1, south: 5 }, { north: 2, south: 6 }, { north: 3, south: 7 }];
const ts = '1796035380000000000';

describe('gNMI golden payloads: the driver sends exactly the pinned messages, byte for byte', () => {
  const sent = (file: string, index: number, message: object) => {
    const pinned = golden(file)[index];
    expect(pinned.kind).toBe('request');
    expect(readable(message)).toEqual(pinned.message);
    expect(encodeRequest(pinned.rpc, message).toString('base64')).toBe(pinned.wire);
  };

  it('connect: an empty CapabilityRequest, then a STREAM subscription of /system/alarms, ON_CHANGE, updates only', () => {
    sent('connect.txt', 0, gnmiRequest.capabilities());
    sent('connect.txt', 2, gnmiRequest.subscribe());
    sent('subscribe.txt', 0, gnmiRequest.subscribe());
  });

  it('state read: one GetRequest of the chassis, port counts, cross-connects and ports, in JSON_IETF', () => {
    sent('state-read.txt', 0, gnmiRequest.getState());
  });

  it('batch: one SetRequest with an update per pair; after a refusal, the same without the pair it named', () => {
    sent('batch.txt', 0, gnmiRequest.set('connect', pairs));
    sent('batch.txt', 2, gnmiRequest.set('connect', [pairs[0], pairs[2]]));
  });

  it('disconnect: one SetRequest with a delete per pair, keyed by both ports', () => {
    sent('disconnect.txt', 0, gnmiRequest.set('disconnect', [pairs[0]]));
  });
});

describe('gNMI golden payloads: replies parse to what they mean', () => {
  it('Capabilities: the required models and JSON_IETF are there; a target without them is refused, naming what lacks', () => {
    const caps = fromReadable(golden('connect.txt')[1].message);
    expect(() => checkCapabilities(caps)).not.toThrow();
    expect(() => checkCapabilities({ ...caps, supported_models: [{ name: 'openconfig-platform' }] })).toThrow(/does not list the model\(s\) ocs-cross-connect/);
    expect(() => checkCapabilities({ ...caps, supported_encodings: ['PROTO'] })).toThrow(/does not support JSON_IETF/);
  });

  it('state: identity, port counts, power, the pairs with their loss, lit and failed ports', () => {
    const reply = fromReadable(golden('state-read.txt')[1].message) as { notification: Notification[] };
    expect(readGetState(reply)).toEqual({
      vendor: 'LIGHTPATH',
      model: 'SWITCH-SIM-OCS',
      firmware: '1.0',
      northPorts: 136,
      southPorts: 136,
      powered: true,
      crossConnects: [{ north: 1, south: 5, lossDb: 1.2 }],
      ports: [
        { side: 'north', port: 1, health: 'ok', powerDbm: -2.2 },
        { side: 'south', port: 5, health: 'ok', powerDbm: -3.41 },
        { side: 'north', port: 40, health: 'failed', powerDbm: null },
      ],
    });
  });

  it('the replies survive the wire: what the simulator encodes under gnmi.proto is what the driver decodes and reads', () => {
    const { definition } = gnmiService();
    const reply = fromReadable(golden('state-read.txt')[1].message);
    const decoded = decodeResponse('Get', definition.Get.responseSerialize(reply)) as { notification: Notification[] };
    expect(readGetState(decoded)).toEqual(readGetState(reply as { notification: Notification[] }));
    const alarm = fromReadable(golden('subscribe.txt')[2].message);
    expect(readAlarms((decodeResponse('Subscribe', definition.Subscribe.responseSerialize(alarm)) as { update: Notification }).update)).toHaveLength(1);
  });

  it('a refused Set: each pair its status names gets its RejectCode and reason; the others are not named', () => {
    const status = golden('batch.txt')[1].message as { code: number; details: string };
    expect([...readSetRefusal(status.code, status.details, pairs)]).toEqual([[2, { code: 'PORT_BUSY', reason: 'south port 6 is in use by N9-S6; disconnect it first' }]]);
    // A path without a code word takes its meaning from the gRPC status; an unknown word becomes DEVICE_ERROR naming the status.
    expect(readSetRefusal(5, '/ocs/cross-connects/cross-connect[in-port=1][out-port=5]: no such entry', pairs).get(1)).toEqual({ code: 'NOT_CONNECTED', reason: 'no such entry' });
    expect(readSetRefusal(9, '/ocs/cross-connects/cross-connect[in-port=3][out-port=7]: LASER_ON: refused', pairs).get(3)).toEqual({ code: 'DEVICE_ERROR', reason: 'device error (gRPC status 9): refused' });
    expect(readSetRefusal(9, 'commit failed', pairs).size).toBe(0);
  });

  it('alarms: a raised port alarm, its clearing, and power lost, as the device notices the driver raises', () => {
    const [, , raised, cleared, power] = golden('subscribe.txt').map((m) => fromReadable(m.message) as { update?: Notification; sync_response?: boolean });
    expect(golden('subscribe.txt')[1].message).toEqual({ sync_response: true });
    expect(readAlarms(raised.update!)).toEqual([{ kind: 'port', port: { side: 'north', port: 40 }, health: 'failed', severity: 'critical', reason: 'north port 40 failed (injected fault)' }]);
    expect(readAlarms(cleared.update!)).toEqual([{ kind: 'port', port: { side: 'north', port: 40 }, health: 'ok', reason: 'alarm on in-40 cleared' }]);
    expect(readAlarms(power.update!)).toEqual([{ kind: 'power', powered: false, reason: 'power lost: every cross-connect is down' }]);
  });

  it('the simulator writes exactly the pinned replies', () => {
    const reply = (file: string, i: number) => golden(file)[i].message;
    expect(readable(gnmiTarget.capabilities())).toEqual(reply('connect.txt', 1));
    const state = readGetState(fromReadable(reply('state-read.txt', 1)) as { notification: Notification[] });
    expect(readable({ notification: gnmiRequest.getState().path.map((p) => gnmiTarget.notificationFor(p, state, ts)) })).toEqual(reply('state-read.txt', 1));
    expect(gnmiTarget.setRefusal([{ north: 2, south: 6, ok: false, code: 'PORT_BUSY', reason: 'south port 6 is in use by N9-S6; disconnect it first' }])).toEqual(reply('batch.txt', 1));
    expect(readable({ update: gnmiTarget.alarmRaised(ts, { side: 'north', port: 40 }, 'PORT_FAILED', 'CRITICAL', 'north port 40 failed (injected fault)') })).toEqual(reply('subscribe.txt', 2));
    expect(readable({ update: gnmiTarget.alarmCleared(ts, { side: 'north', port: 40 }) })).toEqual(reply('subscribe.txt', 3));
  });

  it('the simulator reads the pinned SetRequests back to the pairs, and refuses what is not a cross-connect', () => {
    expect(readSetRequest(fromReadable(golden('batch.txt')[0].message))).toEqual({ deletes: [], updates: pairs });
    expect(readSetRequest(fromReadable(golden('disconnect.txt')[0].message))).toEqual({ deletes: [pairs[0]], updates: [] });
    expect(() => readSetRequest({ delete: [paths.alarm('in-1')] })).toThrow(/\/system\/alarms\/alarm\[id=in-1\] is not a cross-connect path/);
    expect(() => readSetRequest({ replace: [{ path: paths.crossConnectConfig(1, 5) }] })).toThrow(/replace is not supported/);
  });
});

describe('gNMI replies that are malformed or unexpected are refused with a summary', () => {
  it('a JSON value that is not JSON, a Get reply without the chassis, a port with a foreign name', () => {
    const bad = { notification: [{ update: [{ path: paths.ocsState(), val: { json_ietf_val: Buffer.from('{"in-port-count":') } }] }] };
    expect(() => readGetState(bad)).toThrow(GnmiParseError);
    expect(() => readGetState(bad)).toThrow(/a JSON value is not JSON: "\{\\"in-port-count\\":" \(17 bytes\)/);
    expect(() => readGetState({ notification: [] })).toThrow(/lacks the chassis state/);
    const foreign = fromReadable(golden('state-read.txt')[1].message) as { notification: Notification[] };
    foreign.notification[3].update![0].path = { elem: [{ name: 'ocs' }, { name: 'ports' }, { name: 'port', key: { name: 'Ethernet0' } }, { name: 'state' }] };
    expect(() => readGetState(foreign)).toThrow(/port "Ethernet0" .* is not named in-<n> or out-<n>/);
  });

  it('an alarm on a resource lightpath does not model is ignored, not misread', () => {
    expect(readAlarms(gnmiTarget.alarmRaised(ts, 'chassis', 'FAN_FAILED', 'MAJOR', 'fan 2 stopped'))).toEqual([]);
  });

  it('paths print in the gNMI path convention with sorted keys, and port names map both ways', () => {
    expect(pathString(paths.crossConnect(1, 5))).toBe('/ocs/cross-connects/cross-connect[in-port=1][out-port=5]');
    expect([portOf('in-40'), portOf('out-5'), portOf('N40')]).toEqual([{ side: 'north', port: 40 }, { side: 'south', port: 5 }, undefined]);
  });
});
