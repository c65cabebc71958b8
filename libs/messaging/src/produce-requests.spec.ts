import { describe, expect, it } from 'vitest';
import { produceRequests, type EncodedMessage } from './produce-requests';

const msg = (topic: string, key: string, size: number): EncodedMessage => ({ topic, key, value: 'x'.repeat(size) });
const shape = (requests: Map<string, EncodedMessage[]>[]) => requests.map((r) => [...r].map(([topic, list]) => [topic, list.map((m) => m.key)]));

describe('produceRequests', () => {
  it('keeps messages that fit in one request together, grouped by topic in order', () => {
    const requests = produceRequests([msg('a', 'k1', 10), msg('b', 'k2', 10), msg('a', 'k3', 10)], 1_000);
    expect(shape(requests)).toEqual([
      [
        ['a', ['k1', 'k3']],
        ['b', ['k2']],
      ],
    ]);
  });

  it('starts a new request when the next message would pass the byte budget, and sends an oversized message alone', () => {
    const requests = produceRequests([msg('a', 'k1', 400), msg('a', 'k2', 400), msg('b', 'k3', 400), msg('c', 'k4', 5_000), msg('a', 'k5', 10)], 1_000);
    expect(shape(requests)).toEqual([
      [['a', ['k1', 'k2']]],
      [['b', ['k3']]],
      [['c', ['k4']]],
      [['a', ['k5']]],
    ]);
  });

  it('keeps every topic and key in its original order across requests', () => {
    const messages = Array.from({ length: 1_000 }, (_, i) => msg(`t${i % 7}`, `k${i}`, 97));
    const flat = produceRequests(messages, 1_024).flatMap((r) => [...r.values()].flat());
    for (let t = 0; t < 7; t++) {
      expect(flat.filter((m) => m.topic === `t${t}`).map((m) => m.key)).toEqual(messages.filter((m) => m.topic === `t${t}`).map((m) => m.key));
    }
    expect(flat).toHaveLength(1_000);
  });

  it('makes no request for no messages', () => {
    expect(produceRequests([], 1_000)).toEqual([]);
  });
});
